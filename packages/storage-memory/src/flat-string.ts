/**
 * The same text as one flat string. V8 keeps a string built with `+` or a template as a tree of
 * its parts; used as a map key it is copied flat, but the tree's root stays in the map, pointing
 * at the copy, for as long as the key is kept. `JSON.parse` makes a new flat string, so a key
 * kept for good costs one string. (Not a property key: each new key name is a new hidden class.)
 */
export function flatString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
