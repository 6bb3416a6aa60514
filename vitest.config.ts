import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["{pipelines,stages,operators,sinks,property-tests}/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
})
