/**
 * Text that lost characters on the way: an unpaired UTF-16 surrogate (from a `\ud800` escape) or
 * U+FFFD, which is what a decoder puts where the bytes were not UTF-8. A person never types either,
 * so either means the text was damaged and storing it would keep the damage.
 */
const BROKEN_TEXT = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\ufffd/;

export const hasBrokenCharacters = (text: string) => BROKEN_TEXT.test(text);
