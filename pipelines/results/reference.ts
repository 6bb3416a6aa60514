/**
 * docs/results.md: the run directory layout, how to query results, and every
 * table and column with its type, unit and meaning, generated from the table
 * schemas and the `runs` view's columns (`hhml list --results-markdown`); a
 * test keeps the committed file equal to this output and runs its examples.
 */
import type { ColumnType } from "../../sinks/parquet-dataset.js"
import { runColumns } from "./results-database.js"
import { summaryColumns } from "./run-summary.js"
import { type ResultTable, resultTables } from "./tables.js"

export interface QueryExample {
  readonly title: string
  readonly sql: string
}

/** Queries for `hhml query`, over its views. */
export const viewExamples: readonly QueryExample[] = [
  {
    title: "Per run: cycles recorded, peak vortex count, mean vortex density",
    sql: "SELECT run_id, count(*) AS cycles, max(vortices) AS peak_vortices, avg(vortex_density) AS mean_density\nFROM metrics GROUP BY run_id ORDER BY run_id",
  },
  {
    title: "Final vortex density of every completed run, with its seed",
    sql: "SELECT r.run_id, r.seed, m.vortex_density\nFROM runs r JOIN metrics m ON m.run_id = r.run_id AND m.cycle = r.cycles_completed - 1\nWHERE r.status = 'completed' ORDER BY r.seed",
  },
  {
    title: "Vortex events by kind",
    sql: "SELECT run_id, kind, count(*) AS events FROM vortex_events GROUP BY ALL ORDER BY ALL",
  },
  {
    title: "Worldline lifetimes by origin and end (`end` is an SQL keyword: quote it)",
    sql: 'SELECT origin, "end", count(*) AS worldlines, avg(lifetime) AS mean_lifetime\nFROM worldlines GROUP BY ALL ORDER BY ALL',
  },
]

/** Queries for DuckDB itself (CLI or Python), reading the files under `data/`. */
export const fileExamples: readonly QueryExample[] = [
  {
    title: "Every run's metrics, the run id taken from the path",
    sql:
      "SELECT regexp_extract(filename, 'results/([^/]+)/', 1) AS run_id, count(*) AS cycles, max(vortices) AS peak_vortices\n" +
      "FROM read_parquet('data/results/*/metrics/*.parquet', union_by_name = true, filename = true)\nGROUP BY ALL ORDER BY ALL",
  },
  {
    title: "The metadata of every metrics part: table, schema version, run, columns with units",
    sql: "SELECT file_name, decode(key) AS key, decode(value) AS value\nFROM parquet_kv_metadata('data/results/*/metrics/*.parquet')",
  },
]

const duckdbType: Record<ColumnType, string> = { DOUBLE: "DOUBLE", INT64: "BIGINT", INT32: "INTEGER", BOOLEAN: "BOOLEAN", UTF8: "VARCHAR" }

const cell = (text: string) => text.replace(/[|*_\\]/g, (c) => `\\${c}`).replace(/\n/g, " ")

const tableSection = (table: ResultTable): string[] => [
  `### \`${table.schema.name}\``,
  "",
  `Pipeline \`${table.pipeline}\`, folder \`${table.folder}/\`, schema version ${table.schema.version}. ${table.description}`,
  "",
  "| column | type | Parquet | unit | null | meaning |",
  "|---|---|---|---|---|---|",
  "| `run_id` | VARCHAR | (added by `hhml query`) | | no | Run id, from the run folder |",
  "| `sweep_id` | VARCHAR | (added by `hhml query`) | | yes | Sweep id for the runs of sweep members, from the sweep folder |",
  "| `member` | BIGINT | (added by `hhml query`) | | yes | Member number in the sweep, from the `member=NNN` folder |",
  ...table.schema.columns.map(
    (c) => `| \`${c.name}\` | ${duckdbType[c.type]} | ${c.type} | ${cell(c.unit ?? "")} | ${c.optional ? "yes" : "no"} | ${cell(c.description)} |`,
  ),
  "",
]

const sqlBlock = (examples: readonly QueryExample[]) => ["```sql", ...examples.flatMap((e) => [`-- ${e.title}`, `${e.sql};`, ""]).slice(0, -1), "```"]

const shellQuote = (sql: string) => `"${sql.replace(/\n/g, " ").replace(/(["\\$`])/g, "\\$1")}"`

export const resultsReference = (): string =>
  [
    "# Results reference",
    "",
    "Generated from the table schemas by `npx hhml list --results-markdown > docs/results.md`; do not edit by hand.",
    "",
    "Every run records its results as Parquet datasets in its own folder. Any Parquet reader loads them",
    "(DuckDB, pandas, polars, Arrow); `hhml query` puts every run into one DuckDB database.",
    "",
    "## Run directory layout",
    "",
    "```text",
    "data/results/<run-id>/",
    "  manifest.json                     what ran: pipeline, config hash, seed, command, versions, compute kernel",
    "                                    and backend, host, start and end, status, cycles completed",
    "  config.yaml                       the fully resolved config",
    ...resultTables.map((t) => `  ${`${t.folder}/part-NNNNN.parquet`.padEnd(34)}table ${t.schema.name}`),
    "```",
    "",
    "- `data` is the data folder: `--data-dir <dir>` or the environment variable `HHML_DATA_DIR`.",
    "- A run id is `<pipeline>-<UTC start as yyyymmdd-hhmmss>-<first 6 hex digits of the config hash>`,",
    "  with `-2`, `-3`, ... appended if that folder exists.",
    "- A dataset is a folder of part files numbered from `part-00000.parquet`; a run closes a part after a",
    "  number of rows or seconds and starts the next. Each part is written as `part-NNNNN.parquet.tmp` and",
    "  renamed once complete, so every `*.parquet` file is complete and readable on its own, even while",
    "  the run goes on or after it was killed. Read `*.parquet`, never `*.tmp`.",
    "- The manifest's `status` is `running`, `completed`, `interrupted` or `failed` (with a `reason`); a",
    "  run killed without warning (`kill -9`, power loss) stays `running`.",
    "",
    "A sweep (`hhml sweep`, [deployment/workers.md](deployment/workers.md)) keeps its members' runs together:",
    "",
    "```text",
    "data/sweeps/<sweep-id>/",
    "  sweep.json                        pipeline, sweep flags, queue, every member with its resolved config",
    "  member=000/<run-id>/              member 0's run directory, laid out as above",
    "  member=001/<run-id>/              ...",
    "```",
    "",
    "`hhml query` lists each member's run like any other, with its `sweep_id` and `member`; the `member=NNN`",
    "folders are Hive partitions, so DuckDB reads a sweep's table as one dataset with a `member` column:",
    "`read_parquet('data/sweeps/<sweep-id>/*/*/metrics/*.parquet', hive_partitioning = true)`.",
    "",
    "Every part carries key-value metadata, so a file describes itself:",
    "",
    "| key | value |",
    "|---|---|",
    `| \`hhml.table\` | table name (${resultTables.map((t) => `\`${t.schema.name}\``).join(", ")}) |`,
    "| `hhml.schema_version` | the table's schema version, raised whenever a column changes type or meaning |",
    "| `hhml.columns` | JSON list of `{name, type, description, unit}`, the tables below |",
    "| `hhml.run_id` | run id |",
    "| `hhml.pipeline` | pipeline name |",
    "| `hhml.config_hash` | SHA-256 of the resolved config (canonical JSON) |",
    "| `hhml.seed` | PRNG seed |",
    "| `hhml.version` | HHmL version that wrote the file |",
    "",
    "## Querying with `hhml query`",
    "",
    "`hhml query \"<SQL>\"` opens an in-memory DuckDB database with one view per table across all runs",
    "(named by the parts' `hhml.table`, with `run_id`, `sweep_id` and `member` as the first columns)",
    "and a `runs` view of the manifests, runs the SQL (several statements may be given; the last one's",
    "rows are printed), and",
    "prints the rows: an aligned table on a terminal, CSV otherwise; `--format table|csv|json` chooses",
    "(JSON is one array of objects; 64-bit integers are numbers where exact). `--run <id>` (repeatable)",
    "narrows the views to those runs. Timestamps are in UTC.",
    "",
    "```sh",
    ...viewExamples.map((e) => `npx hhml query ${shellQuote(e.sql)}`),
    "npx hhml query \"SELECT * FROM metrics\" --run <run-id> --format json > metrics.json",
    "npx hhml query \"SHOW TABLES\"        # the views",
    "npx hhml query \"DESCRIBE metrics\"   # a view's columns and types",
    "```",
    "",
    "The same queries, laid out:",
    "",
    ...sqlBlock(viewExamples),
    "",
    "Each part's footer is checked before the views are made: a truncated or otherwise unreadable part",
    "(or a run whose `manifest.json` is damaged) is left out with a warning on stderr naming the file,",
    "and everything else stays queryable. Exit status: 0 done; 2 for malformed SQL (DuckDB's message and",
    "the query), an unknown `--run` id (the known ids are listed) or no runs in the data folder; 1 when",
    "DuckDB or the file system fails.",
    "",
    `\`hhml runs\` lists the runs, one per line: id, pipeline, status, cycles completed, start time and,`,
    `for runs with a \`metrics\` table, the final (largest \`cycle\`) ${summaryColumns.map((c) => `\`${c}\``).join(" and ")}.`,
    "It takes the same `--data-dir`, `--format` and `--run` options.",
    "",
    "## Querying the files directly",
    "",
    "With the DuckDB CLI (`duckdb`), from the folder holding `data/`:",
    "",
    ...sqlBlock(fileExamples),
    "",
    "With DuckDB in Python:",
    "",
    "```python",
    "import duckdb",
    "",
    'metrics = duckdb.sql("""',
    "    SELECT regexp_extract(filename, 'results/([^/]+)/', 1) AS run_id, * EXCLUDE (filename)",
    "    FROM read_parquet('data/results/*/metrics/*.parquet', union_by_name = true, filename = true)",
    '""").df()',
    "```",
    "",
    "With pandas (and pyarrow):",
    "",
    "```python",
    "import glob, json, pathlib",
    "import pandas as pd",
    "import pyarrow.parquet as pq",
    "",
    "frames = []",
    'for path in sorted(glob.glob("data/results/*/metrics/*.parquet")):',
    "    frame = pd.read_parquet(path)",
    '    frame.insert(0, "run_id", pathlib.Path(path).parts[-3])',
    "    frames.append(frame)",
    "metrics = pd.concat(frames, ignore_index=True)",
    'final = metrics.sort_values("cycle").groupby("run_id").last()[["vortex_density", "vortices"]]',
    "",
    "# units and meanings, from any part",
    'columns = json.loads(pq.read_metadata(path).metadata[b"hhml.columns"])',
    "```",
    "",
    "With polars:",
    "",
    "```python",
    "import polars as pl",
    "",
    "metrics = (",
    '    pl.scan_parquet("data/results/*/metrics/*.parquet", include_file_paths="path")',
    '    .with_columns(pl.col("path").str.extract(r"results/([^/]+)/", 1).alias("run_id"))',
    '    .drop("path")',
    "    .collect()",
    ")",
    'final = metrics.sort("cycle").group_by("run_id").last().select("run_id", "vortex_density", "vortices")',
    "```",
    "",
    "## Tables",
    "",
    "Types are DuckDB's, with the Parquet type each is stored as; \"null\" says whether a column may be null.",
    "",
    "### `runs`",
    "",
    "A view made by `hhml query` and `hhml runs` from each run's `manifest.json`; one row per run.",
    "",
    "| column | type | meaning |",
    "|---|---|---|",
    ...runColumns.map((c) => `| \`${c.name}\` | ${c.type} | ${c.description.replace(/\|/g, "\\|")} |`),
    "",
    ...resultTables.flatMap(tableSection),
  ].join("\n")
