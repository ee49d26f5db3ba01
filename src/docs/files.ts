/** Every file `deno task docs` writes, by its path from the repository's root. */
import type { GroupDef } from "../cli/define.ts";
import { manPage } from "./man.ts";
import { commandPage, indexPage } from "./markdown.ts";
import { commandPaths, pageName, pageTexts } from "./pages.ts";
import { environmentPage, exitCodesPage } from "./reference.ts";
import { manifestPage, manifestSchemaText, SCHEMA_PATH } from "./manifest_page.ts";

/** Where the man page lives in the repository; the release archives and the image copy it. */
export const MAN_PAGE_PATH = "docs/distropack-cli.1";

/** The directories whose every file is generated: a file there that is not generated is stale. */
export const GENERATED_DIRS = ["docs/commands", "docs/reference"] as const;

export function generatedDocs(root: GroupDef, repository: string): Map<string, string> {
  const paths = commandPaths(root);
  const references = pageTexts(root);
  const files = new Map<string, string>();
  files.set(`docs/commands/${pageName([root])}`, indexPage(root, paths));
  for (const path of paths) {
    files.set(`docs/commands/${pageName(path)}`, commandPage(path, references));
  }
  files.set("docs/reference/exit-codes.md", exitCodesPage());
  files.set("docs/reference/environment.md", environmentPage());
  files.set("docs/reference/manifest.md", manifestPage(repository));
  files.set(SCHEMA_PATH, manifestSchemaText(repository));
  files.set(MAN_PAGE_PATH, manPage(root, repository, references));
  return files;
}
