//! `codeglass serve`: a small static file server for the demo pages, on loopback only.
//!
//! It exists so the one-command demo needs nothing but the project's own binary, and so the
//! pages are served with the same Content-Security-Policy header an EHR would send.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

use crate::args::{Args, CliError};

/// The policy the pages are built to run under (also in their `<meta>` tags).
pub const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
connect-src 'self'; img-src 'self'; worker-src 'self'; manifest-src 'self'";

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file below `root`, refusing anything that climbs out.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut out = root.to_path_buf();
    for part in Path::new(path.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

/// A validator for the file as it is now: its size and modification time.
fn etag(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("\"{:x}-{:x}\"", meta.len(), modified.as_nanos()))
}

/// Prints one line per response when `--log` is given: `status bytes target`.
fn log(on: bool, status: u16, bytes: usize, target: &str) {
    if on {
        out!("{status} {bytes} {target}");
    }
}

fn respond(stream: &mut TcpStream, root: &Path, logging: bool) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // Read the headers (a GET has no body); only If-None-Match matters here.
    let mut line = String::new();
    let mut if_none_match = None;
    while reader.read_line(&mut line)? > 2 {
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(value.trim().to_string());
            }
        }
        line.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let head = |status: &str, kind: &str, len: usize, etag: &str| {
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {len}\r\n\
             Content-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n\
             Cache-Control: no-cache\r\n{etag}Connection: close\r\n\r\n"
        )
    };
    if method != "GET" && method != "HEAD" {
        let body = "method not allowed\n";
        stream.write_all(head("405 Method Not Allowed", "text/plain", body.len(), "").as_bytes())?;
        return stream.write_all(body.as_bytes());
    }
    let found = resolve(root, target);
    // `no-cache` makes browsers revalidate; the ETag lets them do it without the body.
    let tag = found.as_deref().and_then(etag);
    if let (Some(tag), Some(asked)) = (&tag, &if_none_match) {
        if asked.split(',').any(|t| t.trim() == tag) {
            let path = found.as_deref().unwrap_or(root);
            log(logging, 304, 0, target);
            return stream.write_all(head("304 Not Modified", mime(path), 0, &format!("ETag: {tag}\r\n")).as_bytes());
        }
    }
    match found.and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
        Some((path, body)) => {
            let etag = tag.map(|t| format!("ETag: {t}\r\n")).unwrap_or_default();
            stream.write_all(head("200 OK", mime(&path), body.len(), &etag).as_bytes())?;
            log(logging, 200, if method == "GET" { body.len() } else { 0 }, target);
            if method == "GET" {
                stream.write_all(&body)?;
            }
            Ok(())
        }
        None => {
            let body = "not found\n";
            log(logging, 404, body.len(), target);
            stream.write_all(head("404 Not Found", "text/plain", body.len(), "").as_bytes())?;
            stream.write_all(body.as_bytes())
        }
    }
}

pub fn run(mut args: Args) -> Result<(), CliError> {
    let dir = args.path("dir")?.unwrap_or_else(|| PathBuf::from("www"));
    let port: u16 = match args.value("port")? {
        Some(p) => p.parse().map_err(|_| CliError::usage(format!("bad --port {p:?}")))?,
        None => 8080,
    };
    let logging = args.flag("log");
    args.finish()?;
    if !dir.join("index.html").is_file() {
        return Err(CliError::new("SERVE_NO_PAGES", format!("{} has no index.html", dir.display())));
    }
    // Loopback only: the demo is for this machine.
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| CliError::new("SERVE_BIND_FAILED", format!("127.0.0.1:{port}: {e}")))?;
    let addr = listener.local_addr().map_err(|e| CliError::new("SERVE_BIND_FAILED", e.to_string()))?;
    out!("Codeglass demo: http://{addr}/  (serving {}; Ctrl-C stops)", dir.display());
    for stream in listener.incoming().flatten() {
        let root = dir.clone();
        std::thread::spawn(move || {
            let mut stream = stream;
            let _ = respond(&mut stream, &root, logging);
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape_the_root() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(resolve(root, "/Cargo.toml").is_some());
        assert!(resolve(root, "/../Cargo.toml").is_none());
        assert!(resolve(root, "/src/../../../Cargo.toml").is_none());
        assert!(resolve(root, "/nope.txt").is_none());
        assert_eq!(mime(Path::new("a.wasm")), "application/wasm");
    }
}
