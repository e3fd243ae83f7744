/** A message as a sentence: capitalised by its author, ended here with a full stop when it has none. */
export const asSentence = (message: string) => (/[.!?]$/.test(message.trim()) ? message.trim() : `${message.trim()}.`);
