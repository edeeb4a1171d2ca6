// fontkit (pdfkit's font parser) ships no types; the documents module only creates fonts to hand to pdfkit.
declare module 'fontkit' {
  export function create(buffer: Buffer | Uint8Array, postscriptName?: string): { readonly postscriptName: string; layout(text: string): unknown }
}
