// A crafted LZ-String stream (the shape of the SDK's `d`) of back-to-back "new dictionary entry" codes: every entry is
// the previous one plus a character, so n codes ask for n²/2 characters. Used by the tests of the bounded decoder.
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

export function lzBomb(encodedLength: number): string {
  let out = "";
  let value = 0;
  let filled = 0;
  const write = (bits: number, count: number) => {
    for (let power = 0; power < count; power++) {
      value = (value << 1) | ((bits >> power) & 1);
      if (++filled === 6) {
        out += BASE64[value];
        value = 0;
        filled = 0;
      }
    }
  };
  write(0, 2); // first: an 8-bit character
  write(97, 8);
  let dictSize = 4;
  let numBits = 3;
  let enlargeIn = 4;
  while (out.length < encodedLength) {
    write(dictSize, numBits); // the code of the entry about to be made: w + w[0]
    dictSize++;
    enlargeIn--;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
  write(2, numBits); // the end marker, so that an unbounded decoder returns the whole text
  while (filled !== 0) write(0, 1);
  return out;
}
