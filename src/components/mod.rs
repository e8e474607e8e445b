//! The views and editors. Each reads the one state through [`use_store`] and changes it only by
//! dispatching [`crate::state::Action`]s.

mod app;
mod backtest;
mod boot;
mod breakdown;
mod cards;
mod editors;
pub mod embed;
pub mod exports;
mod fields;
mod import;
mod instruments;
mod preset;
mod readiness;
mod results;
mod share;
mod summary;

pub use app::{render_page, set_base, worker_url, App};
pub use fields::format_number;

use yew::prelude::*;

use crate::state::AppState;

pub type Store = UseReducerHandle<AppState>;

/// The page's state, provided by [`App`].
#[hook]
pub fn use_store() -> Store {
    use_context::<Store>().expect("components are rendered inside App's provider")
}
