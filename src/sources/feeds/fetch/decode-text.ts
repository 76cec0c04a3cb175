// Feed documents arrive as bytes in whatever encoding the host chose; Japanese sites still publish
// Shift_JIS and EUC-JP. A BOM decides first, then the charset in Content-Type, then the XML
// declaration, else UTF-8 (what XML assumes). Node's TextDecoder (full ICU) knows the Japanese encodings.
import { TextDecoder } from 'node:util';

function xmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  // The declaration is ASCII in every encoding a feed uses; latin1 reads it without decoding errors.
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  return /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
}

function charsetOf(contentType: string | null): string | undefined {
  return /;\s*charset\s*=\s*"?([A-Za-z0-9._-]+)"?/i.exec(contentType ?? '')?.[1];
}

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (label === undefined) return undefined;
  try {
    return new TextDecoder(label);
  } catch (error) {
    // An unknown label is the host's mistake; fall back to the next clue instead of failing the feed.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The document as text. A BOM, when present, wins (WHATWG encoding sniffing order). */
export function decodeFeedText(bytes: Uint8Array, contentType: string | null): string {
  const hasUtf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const hasUtf16Bom = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const decoder =
    (hasUtf8Bom || hasUtf16Bom
      ? new TextDecoder(hasUtf8Bom ? 'utf-8' : bytes[0] === 0xff ? 'utf-16le' : 'utf-16be')
      : undefined) ??
    decoderFor(charsetOf(contentType)) ??
    decoderFor(xmlDeclaredEncoding(bytes)) ??
    new TextDecoder('utf-8');
  return decoder.decode(bytes);
}
