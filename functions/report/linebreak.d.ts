// linebreak 1.1 ships no types. This is the part the table writer uses: the UAX #14 break opportunities of a
// text, in order, as pdfkit's LineWrapper reads them.
declare module 'linebreak' {
  interface Break {
    /** Index in the text just after the break. */
    position: number;
    /** A mandatory break (after a line feed, say), not just an opportunity. */
    required: boolean;
  }
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): Break | null;
  }
}
