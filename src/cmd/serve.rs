//! `marsad serve`: the web UI and JSON API over a store.

use crate::cli::EXIT_OK;
use crate::web::{self, AppState, StorePool};
use anyhow::{Context, Result};
use marsad_engine::Pipeline;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The store `marsad ingest` writes when given no `--store`.
const DEFAULT_STORE: &str = "marsad-data";

/// Serve the web UI and JSON API over a store.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  marsad serve --store marsad-data                 http://127.0.0.1:8080/
  marsad serve --store marsad-data --addr 127.0.0.1:0   any free port (printed)
  marsad serve                                     analyze page only, no store

The server listens on the loopback address unless told otherwise; it has no
authentication, so a non-loopback address lets anyone who can reach it read
the store. Stop it with Ctrl-C.")]
pub struct Args {
    /// The store directory (made by `marsad ingest`); by default
    /// `marsad-data`, as for `marsad ingest`, if it holds a store. With no
    /// store, only the analyze page and `POST /api/analyze` work.
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// Address to listen on (port 0: any free port).
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Store handles open for concurrent requests (default: twice the cores).
    #[arg(long, value_name = "N")]
    pub readers: Option<usize>,
}

pub fn run(args: Args) -> Result<u8> {
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "marsad serve: warning: listening on {}, not a loopback address: there is no authentication, \
             anyone who can reach this address can read the store",
            args.addr
        );
    }
    let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
    let dir = args.store.clone().or_else(|| {
        let default = PathBuf::from(DEFAULT_STORE);
        default.join(marsad_corpus::store::DB_FILE).exists().then_some(default)
    });
    let store = match &dir {
        Some(dir) => {
            let pool = StorePool::open(dir, args.readers.unwrap_or(cpus * 2).clamp(1, 64))
                .with_context(|| format!("opening the store in {}", dir.display()))?;
            Some(pool)
        }
        None => None,
    };
    let summary = match &store {
        Some(pool) => format!("store {}", pool.dir().display()),
        None => "no store (analyze only)".to_string(),
    };
    let pipeline = Pipeline::builder().build().context("building the pipeline")?;
    let state = AppState::new(pipeline, store);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("marsad-web")
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("listening on {}", args.addr))?;
        let local = listener.local_addr()?;
        // The first line on standard output is the URL: scripts wait for it.
        println!("marsad serve: {summary}; open http://{local}/");
        axum::serve(listener, web::app(state)).with_graceful_shutdown(shutdown()).await.context("serving")?;
        eprintln!("marsad serve: stopped");
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(EXIT_OK)
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
