/**
 * Start tags found in one pass over an XML text, for the parts of a returned
 * workbook read before SheetJS ([Content_Types].xml, the workbook and its
 * relationships). A pattern such as /<Override\b[^>]*>/g tries every "<" against
 * the rest of the text when no ">" follows it: 40,000 "<Override" (360 KB) take
 * it ten seconds, and the time grows with the square of the size.
 */

/**
 * What /HEAD[^>]*>/g matches in `text`, each the whole tag, in one pass: `head` is
 * a sticky pattern for "<" and the element's name (such as /<(?:\w+:)?Override\b/y)
 * that never matches a ">" itself. Once a "<" has no ">" after it, none after it has.
 */
export function startTags(text: string, head: RegExp): string[] {
  if (!head.sticky) throw new Error("startTags needs a sticky pattern");
  const tags: string[] = [];
  let at = text.indexOf("<");
  while (at >= 0) {
    head.lastIndex = at;
    if (!head.test(text)) {
      at = text.indexOf("<", at + 1);
      continue;
    }
    const end = text.indexOf(">", head.lastIndex);
    if (end < 0) break;
    tags.push(text.slice(at, end + 1));
    at = text.indexOf("<", end + 1);
  }
  return tags;
}

/**
 * Any tag, with any prefix (for matchAll): 1 the "/" of an end tag, 2 the local
 * name, 3 the rest up to ">". The name is matched once
 * (a look-ahead, then what it saw): /<(\/?)(?:[^\s<>/:"]*:)?([^\s<>:/"]+)([^<>]*)>/g
 * tried every shorter name again when no ">" came, so a "<" and 100,000 letters
 * took it four seconds, growing with the square of their number.
 */
export const ANY_TAG = /<(\/?)(?:[^\s<>/:"]*:)?(?=([^\s<>:/"]+))\2([^<>]*)>/g;
