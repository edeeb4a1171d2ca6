// opencc-js 1.4.2 ships without its declared types folder; the part we use.
declare module 'opencc-js/t2cn' {
  export function Converter(opts: { from: string; to: string }): (text: string) => string
}
