//! Saving files from the page: the one place the app hands text to the browser's downloads.
//! Nothing leaves the machine: the file is made in memory and saved by the browser itself.

use wasm_bindgen::JsCast;

/// Offers `text` as a file named `filename`; does nothing outside a browser.
pub fn save(filename: &str, mime: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&format!("{mime};charset=utf-8"));
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    // The click only queues the download: the address is let go of once it has surely started.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// The chart inside the element `container` as a standalone SVG file, or why not. Charts
/// carry their colours as presentation attributes with fallbacks, so the file looks as the
/// page does without the stylesheet.
pub fn save_chart(container: &web_sys::Element, filename: &str) -> Result<(), String> {
    let svg = container
        .query_selector("svg")
        .ok()
        .flatten()
        .ok_or("there is no chart to save yet")?;
    let mut markup = svg.outer_html();
    if !markup.contains("xmlns=") {
        markup = markup.replacen("<svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"", 1);
    }
    save(
        filename,
        "image/svg+xml",
        &format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{markup}\n"),
    );
    Ok(())
}
