//! A tiny static file server for the end-to-end test: serves Trunk's `dist/` on 127.0.0.1.
//!
//! It exists so that `cargo xtask test` needs no Python or Node server: one listener thread,
//! one thread per connection, `GET`/`HEAD` only, one request per connection
//! (`Connection: close`), and the handful of content types a Trunk build produces. It is a test
//! fixture, not a web server: it must never listen beyond loopback, never serve a path outside
//! its folder, and never be used to ship the app.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use anyhow::{Context, Result};

/// A running server; dropping it stops the listener (connections in flight finish on their own).
pub struct StaticServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Serve `root` on 127.0.0.1 at a free port chosen by the OS.
    pub fn start(root: &Path) -> Result<Self> {
        let root = root
            .canonicalize()
            .with_context(|| format!("cannot serve {}: not found", root.display()))?;
        let listener =
            TcpListener::bind(("127.0.0.1", 0)).context("binding a port on 127.0.0.1")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = Arc::clone(&stop);
            thread::Builder::new()
                .name("static-server".into())
                .spawn(move || accept_loop(&listener, &root, &stop))
                .context("starting the static server thread")?
        };
        Ok(Self {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    #[cfg(test)]
    fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // `accept` blocks; one connection of our own wakes it up to see the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, root: &Path, stop: &AtomicBool) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let root = root.to_path_buf();
        // A browser opens several connections at once; serving them one after another could
        // stall a page that waits on a slow one.
        let _ = thread::Builder::new()
            .name("static-conn".into())
            .spawn(move || {
                if let Err(e) = handle(stream, &root) {
                    eprintln!("static server: {e:#}");
                }
            });
    }
}

fn handle(mut stream: TcpStream, root: &Path) -> Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(()); // connected and closed, e.g. our own wake-up in Drop
    }
    // Read and drop the headers: nothing here depends on them.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }

    let mut words = request_line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let response = match method {
        "GET" | "HEAD" => respond(root, target),
        _ => Response::text(405, "Method Not Allowed", "only GET and HEAD\n"),
    };
    if response.status == 404 {
        eprintln!("static server: 404 {target}");
    }
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        response.status,
        response.reason,
        response.content_type,
        response.body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&response.body)?;
    }
    stream.flush()?;
    let _ = stream.shutdown(Shutdown::Write);
    Ok(())
}

struct Response {
    status: u16,
    reason: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Response {
    fn text(status: u16, reason: &'static str, body: &str) -> Self {
        Self {
            status,
            reason,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
        }
    }
}

fn respond(root: &Path, target: &str) -> Response {
    let not_found = || Response::text(404, "Not Found", "not found\n");
    let Some(file) = resolve(root, target) else {
        return not_found();
    };
    let Some(content_type) = content_type(&file) else {
        return not_found();
    };
    match fs::read(&file) {
        Ok(body) => Response {
            status: 200,
            reason: "OK",
            content_type,
            body,
        },
        Err(_) => not_found(),
    }
}

/// The folder the same files are also served under, as a host serving the app from a sub-path
/// would (the end-to-end test opens the app there too).
pub const SUB_PATH: &str = "/tools/funnel-lab";

/// The file a request target names inside `root`, or `None` if it names nothing servable.
///
/// `/` and any folder map to its `index.html`, and [`SUB_PATH`] to the root; a query or
/// fragment is ignored; `..`, absolute segments and anything that decodes to them are refused
/// rather than normalised away.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let path = match path.strip_prefix(SUB_PATH) {
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    };
    let path = percent_decode(path.strip_prefix('/')?)?;
    let mut file = root.to_path_buf();
    for component in Path::new(&path).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    // A symlink could still point outside; Trunk's dist has none, so refuse them all.
    let real = file.canonicalize().ok()?;
    (real.starts_with(root) && real.is_file()).then_some(real)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    (!decoded.contains('\0')).then_some(decoded)
}

/// The content type for what a Trunk build emits; anything else is not served.
fn content_type(file: &Path) -> Option<&'static str> {
    let ext = file.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        // `WebAssembly.instantiateStreaming` refuses any other type.
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" | "map" => "application/json",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// A fresh folder under the system temp dir, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> Self {
            let dir = std::env::temp_dir().join(format!(
                "xtask-static-{name}-{}-{:?}",
                std::process::id(),
                thread::current().id()
            ));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            Self(dir)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    /// Send a raw request; return (status, content type, body).
    fn fetch(addr: SocketAddr, request: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8(raw[..split].to_vec()).unwrap();
        let body = raw[split + 4..].to_vec();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        let content_type = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Type: "))
            .unwrap_or("")
            .to_owned();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .unwrap()
            .parse()
            .unwrap();
        if !request.starts_with("HEAD") {
            assert_eq!(length, body.len(), "Content-Length for {request:?}");
        }
        (status, content_type, body)
    }

    fn get(addr: SocketAddr, path: &str) -> (u16, String, Vec<u8>) {
        fetch(
            addr,
            &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: */*\r\n\r\n"),
        )
    }

    #[test]
    fn serves_files_with_their_types_and_404s_the_rest() {
        let dir = TempDir::new("serve");
        let root = &dir.0;
        fs::write(root.join("index.html"), "<!doctype html><p>hi</p>").unwrap();
        fs::write(root.join("app-1a2b.js"), "export {};").unwrap();
        let wasm = [0u8, b'a', b's', b'm', 1, 0, 0, 0];
        fs::write(root.join("app-1a2b_bg.wasm"), wasm).unwrap();
        fs::create_dir(root.join("static")).unwrap();
        fs::write(root.join("static/site.css"), "body{}").unwrap();
        fs::write(root.join("static/logo.svg"), "<svg/>").unwrap();
        fs::write(root.join("static/shot.png"), b"\x89PNG").unwrap();
        fs::write(root.join("notes.xyz"), "unknown type").unwrap();

        let server = StaticServer::start(root).unwrap();
        let addr = server.addr();
        assert_eq!(server.url(), format!("http://127.0.0.1:{}", addr.port()));

        let check = |path: &str, status: u16, content_type: &str, body: &[u8]| {
            let (s, ct, b) = get(addr, path);
            assert_eq!((s, ct.as_str()), (status, content_type), "GET {path}");
            assert_eq!(b, body, "body of GET {path}");
        };
        let html = "text/html; charset=utf-8";
        let page = b"<!doctype html><p>hi</p>".as_slice();
        check("/", 200, html, page);
        check("/index.html", 200, html, page);
        check("/?x=1#top", 200, html, page);
        check(
            "/app-1a2b.js",
            200,
            "text/javascript; charset=utf-8",
            b"export {};",
        );
        check("/app-1a2b_bg.wasm", 200, "application/wasm", &wasm);
        check(
            "/static/site.css",
            200,
            "text/css; charset=utf-8",
            b"body{}",
        );
        check("/static/logo.svg", 200, "image/svg+xml", b"<svg/>");
        check("/static/%73hot.png", 200, "image/png", b"\x89PNG");

        let nf = "text/plain; charset=utf-8";
        check("/missing.js", 404, nf, b"not found\n");
        check("/notes.xyz", 404, nf, b"not found\n");
        check("/../Cargo.toml", 404, nf, b"not found\n");
        check("/static/../../etc/passwd", 404, nf, b"not found\n");
        check("/%2e%2e/etc/passwd", 404, nf, b"not found\n");
        check("/%zz", 404, nf, b"not found\n");
        check("relative.html", 404, nf, b"not found\n");

        let (status, ct, body) = fetch(addr, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_eq!((status, ct.as_str(), body.len()), (200, html, 0));
        let (status, _, _) = fetch(addr, "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        assert_eq!(status, 405);

        // Many connections at once, as a browser opens them.
        let handles: Vec<_> = (0..8)
            .map(|_| thread::spawn(move || get(addr, "/app-1a2b_bg.wasm").0))
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), 200);
        }

        drop(server);
        assert!(
            TcpStream::connect(addr).is_err(),
            "server still listening after drop"
        );
    }

    #[test]
    fn resolve_stays_inside_root() {
        let dir = TempDir::new("resolve");
        let root = dir.0.canonicalize().unwrap();
        fs::write(root.join("a.js"), "").unwrap();
        assert_eq!(resolve(&root, "/a.js"), Some(root.join("a.js")));
        assert_eq!(
            resolve(&root, "/tools/funnel-lab/a.js"),
            Some(root.join("a.js"))
        );
        assert_eq!(resolve(&root, "/tools/funnel-lab/../a.js"), None);
        assert_eq!(resolve(&root, "/tools/funnel-labx/a.js"), None);
        assert_eq!(resolve(&root, "/./a.js"), Some(root.join("a.js")));
        assert_eq!(resolve(&root, "/"), None); // no index.html here
        assert_eq!(resolve(&root, "//etc/passwd"), None);
        assert_eq!(resolve(&root, "/a.js/.."), None);
    }
}
