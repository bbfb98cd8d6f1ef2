// Where a chunked body ends (RFC 9112 §7.1), for the fast path's relay of code-server's chunked answers:
// the bytes are relayed as they are, this only finds the end, and refuses framing it cannot read.
import { MAX_RESPONSE_HEAD, VALUE } from './http1.ts';

const CR = 13;
const LF = 10;
const SP = 32;
const HT = 9;

enum Chunk {
  Size,
  SizeLf,
  Ext,
  Data,
  DataCr,
  DataLf,
  Trailer,
  TrailerLf,
  TrailerLine,
  TrailerLineLf,
  Done,
}

/**
 * Where a chunked body ends, fed its bytes in order: each call says how many bytes of the buffer belong
 * to the body, and `done` tells the end was reached. Bad framing throws (the answer is cut).
 */
export class ChunkedFramer {
  private state = Chunk.Size;
  private left = 0;
  private digits = 0;
  private trailerBytes = 0;

  get done(): boolean {
    return this.state === Chunk.Done;
  }

  /** The bytes of b from `i` that are the body's (the end of the body, or b.length). */
  consume(b: Buffer, i: number): number {
    const n = b.length;
    while (i < n) {
      const c = b[i] as number;
      switch (this.state) {
        case Chunk.Size: {
          const h = hexValue(c);
          if (h >= 0) {
            if (++this.digits > 12) throw new Error('chunk size too long');
            this.left = this.left * 16 + h;
          } else if (this.digits === 0) throw new Error('bad chunk size');
          else if (c === CR) this.state = Chunk.SizeLf;
          else if (c === 0x3b || c === SP || c === HT) this.state = Chunk.Ext;
          else throw new Error('bad chunk size');
          i++;
          break;
        }
        case Chunk.Ext:
          if (c === CR) this.state = Chunk.SizeLf;
          else if (VALUE[c] !== 1) throw new Error('bad chunk extension');
          i++;
          break;
        case Chunk.SizeLf:
          if (c !== LF) throw new Error('bare CR');
          i++;
          this.digits = 0;
          this.state = this.left === 0 ? Chunk.Trailer : Chunk.Data;
          break;
        case Chunk.Data: {
          const take = Math.min(this.left, n - i);
          this.left -= take;
          i += take;
          if (this.left === 0) this.state = Chunk.DataCr;
          break;
        }
        case Chunk.DataCr:
          if (c !== CR) throw new Error('chunk data too long');
          this.state = Chunk.DataLf;
          i++;
          break;
        case Chunk.DataLf:
          if (c !== LF) throw new Error('bare CR');
          this.state = Chunk.Size;
          i++;
          break;
        case Chunk.Trailer:
          // Start of a trailer line or the final empty line.
          if (c === CR) this.state = Chunk.TrailerLf;
          else if (c === LF || VALUE[c] !== 1) throw new Error('bad trailer');
          else this.state = Chunk.TrailerLine;
          i++;
          break;
        case Chunk.TrailerLf:
          if (c !== LF) throw new Error('bare CR');
          this.state = Chunk.Done;
          return i + 1;
        case Chunk.TrailerLine:
          if (++this.trailerBytes > MAX_RESPONSE_HEAD) throw new Error('trailers too long');
          if (c === CR) this.state = Chunk.TrailerLineLf;
          else if (c === LF || VALUE[c] !== 1) throw new Error('bad trailer');
          i++;
          break;
        case Chunk.TrailerLineLf:
          if (c !== LF) throw new Error('bare CR');
          this.state = Chunk.Trailer;
          i++;
          break;
        case Chunk.Done:
          return i;
      }
    }
    return i;
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
