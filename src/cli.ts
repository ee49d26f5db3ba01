import { Command, CommanderError } from "@commander-js/extra-typings";
import { Context, type Deps, type GlobalOptions } from "./context.ts";
import { CliError, ExitCode, exitCodeOf, InterruptedError } from "./errors.ts";
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

  return program;
}

const UNSET_COMMANDS = [
  ["unset-token", "api_token", "API token"],
  ["unset-base-url", "base_url", "base URL"],
] as const;

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
function report(error: unknown, output: Output, path: string[]): number {
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
