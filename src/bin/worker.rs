//! The simulation worker's entry point; the worker itself lives in the library.
use funnel_lab_app::worker::{JsCodec, SimWorker};
use gloo_worker::Registrable;

fn main() {
    console_error_panic_hook::set_once();
    SimWorker::registrar().encoding::<JsCodec>().register();
}
