//! The page's edges with the browser's storage and address: read once when the page starts,
//! storage written after each change. Nothing else in the app touches either.

use funnel_engine::link;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::Store;
use crate::persist::{self, web, SAVED_KEY, WORKING_KEY};
use crate::state::{Action, AppState, Boot, Stored};

/// The first state: what storage kept, then the scenario in the address, if any.
pub fn start() -> AppState {
    let link = fragment().and_then(|f| link::token_in(&f).map(link::decode));
    let opened = matches!(link, Some(Ok(_)));
    let state = AppState::boot(Boot {
        working: read(WORKING_KEY, persist::decode_working),
        saved: read(SAVED_KEY, persist::decode_saved),
        link,
    });
    // The scenario is the page's now (and autosaved): the address no longer needs it, and a
    // reload must not open it over later edits. A link that failed stays, to be looked at.
    if opened {
        clear_fragment();
    }
    state
}

type Decode<T> = fn(&str) -> Result<(T, Vec<String>), String>;

fn read<T>(key: &str, decode: Decode<T>) -> Stored<T> {
    let Some(text) = web::read(key) else {
        return Stored::Nothing;
    };
    match decode(&text) {
        Ok((value, notes)) if notes.is_empty() => Stored::Read(value, Vec::new()),
        Ok((value, notes)) => {
            // What was left out is kept as it was, for a later version or a bug report.
            let aside = web::copy_aside(key, &text);
            let notes = notes
                .into_iter()
                .map(|n| format!("{n} (the stored text is kept under “{aside}”)"))
                .collect();
            Stored::Read(value, notes)
        }
        Err(error) => Stored::Damaged {
            aside: web::set_aside(key, &text),
            error,
        },
    }
}

/// The address's fragment, without the `#`.
pub fn fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let hash = hash.strip_prefix('#').unwrap_or(&hash);
    // Browsers keep the fragment percent-encoded as typed; tokens never need it.
    let decoded = js_sys::decode_uri_component(hash)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| hash.to_string());
    (!decoded.is_empty()).then_some(decoded)
}

/// Whether the page was opened as an embedded view (`?embed`, or `embed` in the fragment).
pub fn embedded() -> bool {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return false;
    };
    let in_query = location.search().ok().is_some_and(|q| {
        q.trim_start_matches('?')
            .split('&')
            .any(|p| p == "embed" || p.starts_with("embed="))
    });
    in_query || fragment().is_some_and(|f| f.split('&').any(|p| p == "embed"))
}

fn clear_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let url = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The page's address without query or fragment: what links are made from.
pub fn page_address() -> String {
    web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
}

/// Writes the working state after every change, and the saved scenarios after each of theirs.
/// A write that fails says so once (the same message is not repeated at every change).
#[hook]
pub fn use_autosave(store: &Store) {
    {
        let store = store.clone();
        use_effect_with(store.revision, move |_| {
            let text = persist::encode_working(&store.working());
            if let Err(e) = web::write(WORKING_KEY, &text) {
                store.dispatch(Action::Notify {
                    text: format!("Your work could not be kept in this browser: {e}."),
                    problem: true,
                });
            }
        });
    }
    {
        let store = store.clone();
        use_effect_with(store.saved_revision, move |revision| {
            if *revision == 0 {
                return;
            }
            if let Err(e) = web::write(SAVED_KEY, &persist::encode_saved(&store.saved)) {
                store.dispatch(Action::Notify {
                    text: format!("The saved scenarios could not be kept in this browser: {e}."),
                    problem: true,
                });
            }
        });
    }
}
