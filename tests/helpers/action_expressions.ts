/**
 * What the action's runner reads and evaluates besides the steps: the
 * `${{ }}` expressions of action.yml (only the context lookups action.yml may
 * use; any other expression throws) and the file commands steps write.
 */

/** The contexts an expression may look up. */
export interface Context {
  inputs: Record<string, string>;
  github: Record<string, string>;
  runner: Record<string, string>;
  steps: Record<string, Record<string, string>>;
}

/** One context lookup, e.g. `inputs.files` or `steps.install.outputs.bin`; nothing else. */
function lookup(expression: string, context: Context): string {
  const match = /^(inputs|github|runner|steps)\.([\w-]+)(?:\.outputs\.([\w-]+))?$/.exec(
    expression.trim(),
  );
  const known = match && (match[1] === "steps") === (match[3] !== undefined);
  const [, scope, name, output] = match ?? [];
  const value = !known
    ? undefined
    : scope === "steps"
    ? (context.steps[name] ? context.steps[name][output] ?? "" : undefined)
    : context[scope as "inputs" | "github" | "runner"][name];
  if (value === undefined) {
    throw new Error(
      `action.yml uses \${{ ${expression.trim()} }}, which this test cannot evaluate`,
    );
  }
  return value;
}

/** `text` with each `${{ }}` expression replaced by its value. */
export function evaluate(text: string, context: Context): string {
  return text.replace(/\$\{\{(.*?)\}\}/gs, (_, expression) => lookup(expression, context));
}

/** Reads `name=value` and `name<<DELIMITER` blocks, the runner's file-command format. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      values[heredoc[1]] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (lines[i].includes("=")) {
      values[lines[i].slice(0, lines[i].indexOf("="))] = lines[i].slice(lines[i].indexOf("=") + 1);
    }
  }
  return values;
}
