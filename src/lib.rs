//! Funnel Lab in the browser: a yew app over the engine.
//!
//! The page is thin: [`state`] holds one scenario and its latest results behind a reducer,
//! [`worker`] runs the engine in a web worker, [`charts`] draws SVG from pure geometry, and
//! [`components`] are the views and editors. Nothing here computes a metric: the engine does.

pub mod api;
pub mod charts;
pub mod components;
pub mod diff;
pub mod download;
pub mod explain;
pub mod format;
pub mod persist;
pub mod state;
pub mod worker;
