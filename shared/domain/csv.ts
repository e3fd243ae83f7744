/**
 * CSV as RFC 4180 describes it (CRLF line ends, fields quoted when they hold a quote, comma or line
 * break, quotes doubled), made safe to open in a spreadsheet: a cell that starts like a formula
 * (= + - @, or a tab / carriage return that some spreadsheets skip before one) is prefixed with an
 * apostrophe, so published text can never run as a formula on a reader's machine.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string): string {
  const neutralised = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(neutralised) ? `"${neutralised.replace(/"/g, '""')}"` : neutralised;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
