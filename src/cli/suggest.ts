/** "Did you mean ...?" for a mistyped command or option. */
import leven from "leven";
import { UnknownNameError, usageError } from "./locate.ts";

/** The same usage error, with the closest name when it is near enough to be a typo. */
export function withSuggestion(error: UnknownNameError): UnknownNameError {
  const best = closest(error.word, error.candidates);
  if (best === undefined) return error;
  const message = `unknown ${error.what} '${error.word}' (Did you mean ${best}?)`; // close to a name: short and plain
  error.message = usageError(message, error.path).message;
  return error;
}

/** The candidate closest to `word`, when it is near enough to be a typo of it. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = leven(word, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  // Two edits, as cobra (gh) allows, so a swapped pair of letters ("shwo") is found; more for long names.
  const limit = Math.max(2, Math.floor(word.length * 0.4));
  return bestDistance <= limit ? best : undefined;
}
