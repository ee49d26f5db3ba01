/**
 * Splits argv into the tokens the parser reads: options (`--name`,
 * `--name=value`, `-q`, `-qh` as `-q -h`), positionals, and `--`, after
 * which everything is positional. Which options take a value is the
 * parser's business: here `--name value` is an option and a positional.
 * A negative number (`-1`, `-5m`, `-.5`) is a positional, as no option is a
 * digit: `--interval -1` is then refused for its value, not read as a
 * missing one.
 * Written out rather than taken from a package: the smallest parser package
 * measured costs about 1.3 ms of start-up (its modules and the npm resolver),
 * a third of the start-up budget over the runtime's own, for these lines.
 */
export interface Token {
  kind: "option" | "positional" | "option-terminator";
  /** An option's name without dashes: `version`, `q`. */
  name?: string;
  /** The option as written: `--version`, `-q`. */
  rawName?: string;
  /** A positional's text, or an option's `=value`. */
  value?: string;
  /** The value came with the option, after `=`. */
  inlineValue?: true;
}

export function tokenize(argv: readonly string[]): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      tokens.push({ kind: "option-terminator" });
      tokens.push(...argv.slice(i + 1).map((value): Token => ({ kind: "positional", value })));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      if (eq === -1) tokens.push({ kind: "option", name: arg.slice(2), rawName: arg });
      else {
        const rawName = arg.slice(0, eq);
        const value = arg.slice(eq + 1);
        tokens.push({ kind: "option", name: rawName.slice(2), rawName, value, inlineValue: true });
      }
    } else if (arg.length > 1 && arg.startsWith("-") && !/^-\.?\d/.test(arg)) {
      for (const letter of arg.slice(1)) {
        tokens.push({ kind: "option", name: letter, rawName: `-${letter}` });
      }
    } else {
      tokens.push({ kind: "positional", value: arg });
    }
  }
  return tokens;
}
