// LZ-String's decompressFromBase64 (the SDK's `d` encoding) with a hard output budget. The library's own decoder
// cannot be capped: a stream of back-to-back "new dictionary entry" codes grows every entry by one character, so a
// 250 KB `d` asks for gigabytes of text and kills the process. This is the same algorithm (lz-string 1.5.0,
// `_decompress` with 6-bit base64 input) that stops as soon as the text it would produce passes `maxOutput`
// characters. Dictionary entries are built from text already counted against the budget, so the budget bounds the
// dictionary too.

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
const BASE64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) BASE64_VALUE[BASE64.charCodeAt(i)] = i;

/** The decompressed text, or null when `input` is corrupt or would decompress to more than `maxOutput` characters. */
export function decompressFromBase64Bounded(input: string, maxOutput: number): string | null {
  if (input === "") return null;
  const length = input.length;
  // lz-string reads a character outside the alphabet as 0.
  const valueAt = (index: number) => {
    const code = input.charCodeAt(index);
    return code < 128 && BASE64_VALUE[code] >= 0 ? BASE64_VALUE[code] : 0;
  };
  let val = valueAt(0);
  let position = 32;
  let index = 1;
  const readBits = (count: number): number => {
    let bits = 0;
    for (let power = 0; power < count; power++) {
      const bit = val & position;
      position >>= 1;
      if (position === 0) {
        position = 32;
        val = valueAt(index++);
      }
      if (bit > 0) bits |= 1 << power;
    }
    return bits;
  };

  const dictionary: string[] = ["", "", ""]; // codes 0–2 are control codes
  let enlargeIn = 4;
  let numBits = 3;
  let first: string;
  switch (readBits(2)) {
    case 0:
      first = String.fromCharCode(readBits(8));
      break;
    case 1:
      first = String.fromCharCode(readBits(16));
      break;
    default:
      return "";
  }
  dictionary.push(first);
  let w = first;
  const result = [first];
  let produced = first.length;
  for (;;) {
    if (index > length) return null; // ran out of input before the end marker: lz-string answers "" (corrupt)
    let code = readBits(numBits);
    switch (code) {
      case 0:
      case 1:
        dictionary.push(String.fromCharCode(readBits(code === 0 ? 8 : 16)));
        code = dictionary.length - 1;
        enlargeIn--;
        break;
      case 2:
        return result.join("");
    }
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
    let entry: string;
    if (code < dictionary.length && code > 2) entry = dictionary[code];
    else if (code === dictionary.length) entry = w + w.charAt(0);
    else return null;
    produced += entry.length;
    if (produced > maxOutput) return null; // the budget: checked before the text (or a longer entry) is kept
    result.push(entry);
    dictionary.push(w + entry.charAt(0));
    enlargeIn--;
    w = entry;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
}
