//! `carelint show`: how files were read.
use crate::args::ShowArgs;
use crate::Status;

pub fn run(_args: ShowArgs) -> anyhow::Result<Status> {
    anyhow::bail!("not yet")
}
