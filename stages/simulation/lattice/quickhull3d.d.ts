/**
 * quickhull3d's per-file ESM build (its main entry) imports relative paths
 * without extensions, which Node's ESM loader rejects; its single-file bundle
 * loads everywhere. This gives the bundle the package's own types.
 */
declare module "quickhull3d/dist/quickhull3d.js" {
  export { default } from "quickhull3d"
}
