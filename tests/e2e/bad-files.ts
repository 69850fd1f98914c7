import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { sharedModelsDir } from '../support/paths';

export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid black PNG of any size that stays small on disk: 1-bit greyscale, all zeros, deflated. */
export function hugePng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(1, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  const rows = Buffer.alloc((Math.ceil(width / 8) + 1) * height); // filter byte + packed bits per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function contentPhoto(name: string): Buffer {
  return readFileSync(resolve(sharedModelsDir(), 'content', name));
}

/** Each file a person might drop by mistake, with the words the app must answer it with. */
export function badStyleFiles(): { file: FilePayload; message: RegExp }[] {
  const photo = contentPhoto('chicago.jpg');
  return [
    { file: { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture at all\n') }, message: /“notes\.txt” is not a picture/ },
    { file: { name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) }, message: /“empty\.png” is empty \(0 bytes\)/ },
    { file: { name: 'cut-off.jpg', mimeType: 'image/jpeg', buffer: photo.subarray(0, Math.floor(photo.length / 2)) }, message: /“cut-off\.jpg” is cut off or damaged/ },
    {
      // A PNG signature and end marker around bytes that are no picture.
      file: { name: 'corrupt.png', mimeType: 'image/png', buffer: Buffer.concat([hugePng(4, 4).subarray(0, 8), Buffer.from('garbage'.repeat(40)), chunk('IEND', Buffer.alloc(0))]) },
      message: /“corrupt\.png” could not be (read|decoded)/,
    },
    { file: { name: 'huge.png', mimeType: 'image/png', buffer: hugePng(12000, 12000) }, message: /“huge\.png” is too large to use: it is 12000×12000 pixels/ },
  ];
}
