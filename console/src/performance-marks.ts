/**
 * Marks the console sets on the page's performance timeline, for the browser's performance panel
 * and for bench/console-table.ts (which reads them from Node, hence a module with no DOM in it).
 */

/** Set each time the cycle table is drawn. */
export const TABLE_RENDERED_MARK = 'console:cycle-table-rendered';
/** Set each time the cycle table is drawn with every submission of the cycle (the first one ends its opening). */
export const TABLE_COMPLETE_MARK = 'console:cycle-table-complete';
