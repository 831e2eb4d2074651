/** The two functions of `xliff` (6.4.0, untyped) that Stem uses: XLIFF 2.0 text ↔ its JS object. */
declare module 'xliff/js2xliff' {
  interface XliffJs {
    sourceLanguage: string;
    targetLanguage: string;
    resources: Record<string, Record<string, { source: string; target?: string; note?: string }>>;
  }
  function js2xliff(obj: XliffJs, options: { indent?: string }, callback: (error: Error | null, xml: string) => void): string;
  export default js2xliff;
}

declare module 'xliff/xliff2js' {
  function xliff2js(xml: string, options: Record<string, never>, callback: (error: Error | null, result: unknown) => void): void;
  export default xliff2js;
}
