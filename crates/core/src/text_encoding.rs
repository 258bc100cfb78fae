//! Text files people hand to Stint come from spreadsheets and other trackers: UTF-8 with or
//! without a byte-order mark, or UTF-16 (Excel's "Unicode text"). Everything is read as UTF-8.

use std::io::{self, Cursor, Read};

/// A reader that yields UTF-8: a UTF-8 byte-order mark is dropped, UTF-16 with a byte-order
/// mark is converted. Anything else passes through unchanged; invalid UTF-8 is reported by the
/// CSV reader with its line.
pub enum Utf8Input<R: Read> {
    Plain(io::Chain<Cursor<Vec<u8>>, R>),
    Converted(Cursor<Vec<u8>>),
}

impl<R: Read> Utf8Input<R> {
    pub fn new(mut input: R) -> io::Result<Utf8Input<R>> {
        let mut head = Vec::with_capacity(3);
        (&mut input).take(3).read_to_end(&mut head)?;
        let little = match head.as_slice() {
            [0xEF, 0xBB, 0xBF] => {
                return Ok(Utf8Input::Plain(Cursor::new(Vec::new()).chain(input)));
            }
            [0xFF, 0xFE, ..] => true,
            [0xFE, 0xFF, ..] => false,
            _ => return Ok(Utf8Input::Plain(Cursor::new(head).chain(input))),
        };
        let mut bytes = head.split_off(2);
        input.read_to_end(&mut bytes)?;
        if bytes.len() % 2 != 0 {
            return Err(not_utf16());
        }
        let units = bytes.chunks_exact(2).map(|pair| {
            if little {
                u16::from_le_bytes([pair[0], pair[1]])
            } else {
                u16::from_be_bytes([pair[0], pair[1]])
            }
        });
        let text = char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| not_utf16())?;
        Ok(Utf8Input::Converted(Cursor::new(text.into_bytes())))
    }
}

fn not_utf16() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "the file starts like UTF-16 text but is not valid UTF-16",
    )
}

impl<R: Read> Read for Utf8Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Utf8Input::Plain(r) => r.read(buf),
            Utf8Input::Converted(r) => r.read(buf),
        }
    }
}
