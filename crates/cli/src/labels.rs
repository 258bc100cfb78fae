//! `stint projects` and `stint tags`: the names entries are labelled with.

use serde_json::json;
use stint_core::Store;

use crate::failure::Failure;
use crate::output::print_json;

pub async fn projects(store: &Store, json_out: bool) -> Result<(), Failure> {
    let projects = store.projects().await?;
    print_names(json_out, projects.iter().map(|p| (p.id, p.name.as_str())));
    Ok(())
}

pub async fn tags(store: &Store, json_out: bool) -> Result<(), Failure> {
    let tags = store.tags().await?;
    print_names(json_out, tags.iter().map(|t| (t.id, t.name.as_str())));
    Ok(())
}

/// One name a line, or `[{"id", "name"}]`.
fn print_names<'a>(json_out: bool, items: impl Iterator<Item = (i64, &'a str)>) {
    if json_out {
        print_json(&json!(items
            .map(|(id, name)| json!({ "id": id, "name": name }))
            .collect::<Vec<_>>()));
    } else {
        for (_, name) in items {
            println!("{name}");
        }
    }
}
