import { Command, CommanderError, InvalidArgumentError, Option } from "@commander-js/extra-typings";
import { explainApiFailure } from "./api_advice.ts";
import { Context, type Deps, type GlobalOptions } from "./context.ts";
import { CliError, ExitCode, exitCodeOf, InterruptedError } from "./errors.ts";
import { parseDuration } from "./input/duration.ts";
import { Output } from "./output/output.ts";
import { PROGRAM_NAME, VERSION } from "./version.ts";

/** How long a command may take to wind down after Ctrl-C before the run ends anyway. */
const INTERRUPT_GRACE_MS = 1_000;

type AnyCommand = Command<unknown[], Record<string, unknown>, Record<string, unknown>>;

/**
 * Runs the CLI on `argv` (without the program name) and returns the exit
 * code. Nothing in here exits the process; main.ts does.
 */
export async function run(argv: string[], deps: Deps): Promise<number> {
  const output = new Output(deps, outputMode(argv, deps));
  const program = buildProgram(deps, output);
  try {
    await untilInterrupted(program.parseAsync(argv, { from: "user" }), deps.signal);
    return ExitCode.Ok;
  } catch (error) {
    return report(error, output, commandPath(program, argv));
  }
}

/**
 * The output mode is needed before commander has parsed anything (to show
 * parse errors as JSON), so the few global flags are read from argv here.
 */
function outputMode(argv: string[], deps: Deps) {
  const end = argv.indexOf("--");
  const flags = new Set(end === -1 ? argv : argv.slice(0, end));
  return {
    json: flags.has("--json"),
    quiet: flags.has("--quiet") || flags.has("-q"),
    debug: flags.has("--debug"),
    color: deps.stderrIsTerminal && deps.env("NO_COLOR") === undefined,
  };
}

/** The command tree, listed once. Handlers are imported when their command runs. */
export function buildProgram(deps: Deps, output: Output) {
  const context = (command: AnyCommand) =>
    new Context(deps, output, command.optsWithGlobals() as GlobalOptions);

  const program = new Command()
    .name(PROGRAM_NAME)
    .description(
      "Upload release files to DistroPack, build deb, rpm and pacman packages, and wait for them.",
    )
    .version(`${PROGRAM_NAME} ${VERSION}`, "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "show help for a command")
    .option("--config <path>", "use this config file (env: DISTROPACK_CONFIG)")
    .option("--json", "print one JSON document on stdout; all other text goes to stderr")
    .option("-q, --quiet", "print only errors")
    .option("--debug", "print details for troubleshooting (never the token) to stderr")
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => deps.stdout(text),
      writeErr: (text) => deps.stderr(text),
      // Parse errors are reported by `report`, once, in the CLI's own format.
      outputError: () => {},
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .addHelpText("after", ROOT_HELP);

  const config = program
    .command("config")
    .description("show and change the saved API token and base URL")
    .addHelpText("after", CONFIG_HELP);

  config
    .command("set-token")
    .description(
      "save the API token to the config file (reads stdin or prompts when TOKEN is omitted)",
    )
    .argument("[token]", "the API token; omit it to keep it out of the process list")
    .addHelpText(
      "after",
      examples(
        'echo "$DISTROPACK_TOKEN" | distropack-cli config set-token',
        "distropack-cli config set-token            # prompts, input hidden",
        "distropack-cli config set-token dp_abc123  # visible in shell history",
      ),
    )
    .action(async (token, _options, command) => {
      const { configSetToken, renderSetToken } = await import("./commands/config_set_token.ts");
      const ctx = context(command);
      renderSetToken(ctx, await configSetToken(ctx, token));
    });

  config
    .command("set-base-url")
    .description("save the DistroPack server URL (https; http only for localhost)")
    .argument("<url>", "the base URL, e.g. https://distropack.dev")
    .addHelpText("after", examples("distropack-cli config set-base-url https://distropack.dev"))
    .action(async (url, _options, command) => {
      const { configSetBaseUrl, renderSetBaseUrl } = await import(
        "./commands/config_set_base_url.ts"
      );
      const ctx = context(command);
      renderSetBaseUrl(ctx, await configSetBaseUrl(ctx, url));
    });

  config
    .command("show")
    .description("show the base URL, the masked token and where each comes from")
    .addHelpText(
      "after",
      examples("distropack-cli config show", "distropack-cli config show --json"),
    )
    .action(async (_options, command) => {
      const { configShow, renderShow } = await import("./commands/config_show.ts");
      const ctx = context(command);
      renderShow(ctx, await configShow(ctx));
    });

  config
    .command("path")
    .description("print the config file's path")
    .addHelpText("after", examples('cat "$(distropack-cli config path)"'))
    .action(async (_options, command) => {
      const { configPath, renderPath } = await import("./commands/config_path.ts");
      const ctx = context(command);
      renderPath(ctx, configPath(ctx));
    });

  for (const [name, key, what] of UNSET_COMMANDS) {
    config
      .command(name)
      .description(`remove the saved ${what} from the config file`)
      .addHelpText("after", examples(`distropack-cli config ${name}`))
      .action(async (_options, command) => {
        const { configUnset, renderUnset } = await import("./commands/config_unset.ts");
        const ctx = context(command);
        renderUnset(ctx, await configUnset(ctx, key));
      });
  }

  program
    .command("upload")
    .description("upload a release file into a package's file slot (streamed; retried on failure)")
    .option("--package-id <id>", "the package's id (env: DISTROPACK_PACKAGE_ID)")
    .requiredOption(
      "--ref-id <name>",
      "the file slot's reference id (access name), e.g. source-tarball",
    )
    .requiredOption("--file <path>", "the file to upload; its base name is sent as the file name")
    .addHelpText(
      "after",
      examples(
        'distropack-cli upload --package-id "$ID" --ref-id source-tarball --file dist/app-1.0.0.tar.gz',
        "DISTROPACK_PACKAGE_ID=... distropack-cli upload --ref-id changelog --file CHANGELOG.md --json",
      ),
    )
    .action(async (options, command) => {
      const { upload, renderUpload } = await import("./commands/upload.ts");
      const ctx = context(command);
      renderUpload(ctx, await upload(ctx, options));
    });

  program
    .command("build")
    .description("build a version into deb, rpm and pacman packages, and wait for the jobs")
    .option("--package-id <id>", "the package's id (env: DISTROPACK_PACKAGE_ID)")
    .requiredOption("--version <version>", "the version to build, e.g. 1.0.0")
    .addOption(
      new Option("--target <target>", "build only this target (default: all enabled targets)")
        .choices(TARGETS),
    )
    .option("--no-wait", "print the job ids and exit without waiting")
    .addOption(timeoutOption())
    .addOption(intervalOption())
    .addHelpText(
      "after",
      examples(
        'distropack-cli build --package-id "$ID" --version 1.0.0',
        "distropack-cli build --version 1.0.0 --target deb --timeout 20m",
        "distropack-cli build --version 1.0.0 --no-wait --json",
      ),
    )
    .action(async (options, command) => {
      const { build } = await import("./commands/build.ts");
      const { renderJobs } = await import("./commands/_jobs.ts");
      const ctx = context(command);
      const { timeout, interval, ...rest } = options;
      renderJobs(ctx, await build(ctx, { ...rest, timeoutMs: timeout, intervalMs: interval }));
    });

  program
    .command("status")
    .description("show the status of build jobs, or wait for them with --wait")
    .argument("<job-id...>", "the job ids printed by build")
    .option("--wait", "wait until every job has finished or failed")
    .addOption(timeoutOption())
    .addOption(intervalOption())
    .addHelpText(
      "after",
      examples(
        "distropack-cli status 6f1c2a9e-0000-4000-8000-000000000001",
        "distropack-cli status --wait --timeout 30m JOB_ID JOB_ID",
      ),
    )
    .action(async (jobIds, options, command) => {
      const { status } = await import("./commands/status.ts");
      const { renderJobs } = await import("./commands/_jobs.ts");
      const ctx = context(command);
      const settings = { timeoutMs: options.timeout, intervalMs: options.interval };
      renderJobs(ctx, await status(ctx, jobIds, { ...settings, wait: options.wait === true }));
    });

  program
    .command("completions")
    .description("print the shell completion script for bash, zsh or fish")
    .addArgument(
      program.createArgument("<shell>", "the shell to complete in")
        .choices(["bash", "zsh", "fish"] as const),
    )
    .addHelpText(
      "after",
      examples(
        'eval "$(distropack-cli completions bash)"   # in ~/.bashrc',
        "source <(distropack-cli completions zsh)    # in ~/.zshrc, after compinit",
        "distropack-cli completions fish > ~/.config/fish/completions/distropack-cli.fish",
      ),
    )
    .action(async (shell, _options, command) => {
      const { completions, renderCompletions } = await import("./commands/completions.ts");
      renderCompletions(context(command), completions(shell, command));
    });

  // `build --version V` names the version to build, so the program's own
  // --version must only be read before a command: options are positional, and
  // the global options are declared on every command so that they still work
  // after it (`config show --json`).
  program.enablePositionalOptions();
  const declareGlobals = (parent: AnyCommand) => {
    for (const command of parent.commands as AnyCommand[]) {
      for (const option of globalOptions()) {
        if (!command.options.some((own) => own.long === option.long)) command.addOption(option);
      }
      declareGlobals(command);
    }
  };
  declareGlobals(program as unknown as AnyCommand);

  return program;
}

/** The options every command accepts; the program declares the same ones. */
function globalOptions(): Option[] {
  return [
    new Option("--config <path>", "use this config file (env: DISTROPACK_CONFIG)"),
    new Option("--json", "print one JSON document on stdout; all other text goes to stderr"),
    new Option("-q, --quiet", "print only errors"),
    new Option("--debug", "print details for troubleshooting (never the token) to stderr"),
  ];
}

const UNSET_COMMANDS = [
  ["unset-token", "api_token", "API token"],
  ["unset-base-url", "base_url", "base URL"],
] as const;

/** Build targets, as `--target` accepts them (API.md `distroType`). */
const TARGETS = ["deb", "rpm", "pacman"] as const;

function timeoutOption() {
  return new Option(
    "--timeout <duration>",
    "stop waiting after this long and exit 5: seconds, or a number with s, m or h; 0 = no limit",
  )
    .default(60 * 60_000, "60m")
    .argParser((value: string) => {
      const ms = parseDuration(value);
      if (ms === undefined) {
        throw new InvalidArgumentError(
          "Use seconds, or a number with s, m or h (e.g. 90, 20m, 2h).",
        );
      }
      return ms;
    });
}

function intervalOption() {
  return new Option("--interval <seconds>", "seconds between status checks (decimals allowed)")
    .default(5_000, "5")
    .argParser((value: string) => {
      const ms = parseDuration(value);
      if (ms === undefined || ms <= 0) {
        throw new InvalidArgumentError("Use a number of seconds above 0, e.g. 5 or 0.5.");
      }
      return ms;
    });
}

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}`;
}

const ROOT_HELP = `
Examples:
  $ echo "$DISTROPACK_TOKEN" | distropack-cli config set-token
  $ distropack-cli config show

Environment:
  DISTROPACK_API_TOKEN   API token; takes precedence over the config file
  DISTROPACK_API_URL     server base URL (default https://distropack.dev)
  DISTROPACK_CONFIG      config file to use (like --config)
  DISTROPACK_PACKAGE_ID  default for --package-id
  CI                     when set: no prompts, no animations
  NO_COLOR               when set: no colour

Exit codes:
  0 ok, 1 error, 2 usage error, 3 authentication, 4 build failed,
  5 timed out, 130 interrupted`;

const CONFIG_HELP = `
The config file is ~/.config/distropack/config.toml ($XDG_CONFIG_HOME/distropack
if set; %APPDATA%\\distropack\\config.toml on Windows). Environment variables
take precedence over it.`;

/**
 * Resolves with the command, or rejects with InterruptedError when the
 * signal fires and the command has not finished by itself within the grace
 * period (commands that wait on the server stop themselves and say how to
 * resume).
 */
function untilInterrupted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort = () => {};
  const interrupted = new Promise<never>((_, reject) => {
    onAbort = () => {
      timer = setTimeout(() => reject(new InterruptedError()), INTERRUPT_GRACE_MS);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([work, interrupted]).finally(() => {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  });
}

/** Turns any failure into one line on stderr (and a JSON error with --json) and an exit code. */
function report(thrown: unknown, output: Output, path: string[]): number {
  const error = explainApiFailure(thrown) ?? thrown;
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") {
      return ExitCode.Ok;
    }
    // A command group run without a subcommand: commander has printed its help.
    if (error.code === "commander.help") return ExitCode.Usage;
    const message = error.message
      .replace(/^error:\s*/i, "")
      .replace(/\s*\n\s*/g, " ")
      .replace(/\.$/, "");
    const help = [PROGRAM_NAME, ...path, "--help"].join(" ");
    output.error(`${message}. Run '${help}' for usage.`);
    output.json({ error: { code: "usage", message, exit_code: ExitCode.Usage } });
    return ExitCode.Usage;
  }
  if (error instanceof CliError) {
    output.error(error.message);
    output.debug(error.stack ?? "");
    output.json({ error: { code: error.code, message: error.message, exit_code: error.exitCode } });
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  output.error(`Unexpected failure: ${message} (run with --debug for details)`);
  output.debug(error instanceof Error ? error.stack ?? message : message);
  output.json({ error: { code: "internal", message, exit_code: exitCodeOf(error) } });
  return exitCodeOf(error);
}

/** The subcommand names at the start of argv, for "run ... --help" hints. */
function commandPath(program: AnyCommand, argv: string[]): string[] {
  const path: string[] = [];
  let command = program;
  for (const word of argv) {
    if (word.startsWith("-")) continue;
    const next = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) break;
    path.push(next.name());
    command = next as AnyCommand;
  }
  return path;
}
