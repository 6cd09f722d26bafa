//! End-to-end tests of the `carelint` binary: one test binary, one module per area, with
//! the helpers of [`common`].

mod common;

mod check;
mod first_run;
mod fix;
mod hostile;
mod quality;
mod report;
