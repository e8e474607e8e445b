//! The page's entry point; the app itself lives in the library.
fn main() {
    console_error_panic_hook::set_once();
    yew::Renderer::<funnel_lab_app::components::App>::new().render();
}
