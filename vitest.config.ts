import { configDefaults, defineConfig } from "vitest/config"

/** Tests that time the code they test: run alone, once every other file has finished, so that no other test shares the cores. */
const timed = ["sinks/monitor/slow-client.test.ts"]

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default"],
    projects: [
      {
        extends: true,
        test: {
          name: "suite",
          include: ["{pipelines,stages,operators,sinks,property-tests}/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...timed],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: "timed", include: timed, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
})
