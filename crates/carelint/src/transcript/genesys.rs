//! Stub.

use super::json_doc::JsonDoc;
use super::{ReadOptions, Transcript};
use crate::error::Error;

pub(crate) fn read(doc: &JsonDoc, _options: &ReadOptions) -> Result<Transcript, Error> {
    Err(doc.error("not yet"))
}
