fn main() {
    for arg in std::env::args().skip(1) {
        let path = std::path::Path::new(&arg);
        let e = sleuth::ingest::extract::extractor_for(path).unwrap();
        match e.extract(path) {
            Ok(out) => {
                println!(
                    "##### {arg} title={:?} url={:?} pages={}",
                    out.title,
                    out.url,
                    out.pages.len()
                );
                for (i, p) in out.pages.iter().enumerate() {
                    if p.label.is_some() {
                        println!("# page {} label {:?}", i + 1, p.label);
                    }
                }
                println!("{}", out.text);
            }
            Err(err) => println!("##### {arg} ERROR {err}"),
        }
    }
}
