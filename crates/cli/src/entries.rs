//! `stint add`, `edit`, `delete` and `undo`: entries after the fact. Times go to the core as
//! typed; the core reads them with the same rules as the app's fields.

use chrono::{DateTime, Local, Utc};
use stint_core::{EntryEdit, EntryFields, Store};

use crate::args::{AddArgs, EditArgs, Labels};
use crate::failure::Failure;
use crate::output::print_entry;

pub async fn add(
    store: &Store,
    args: AddArgs,
    json_out: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let AddArgs {
        from,
        to,
        description,
        labels: Labels { project, tags },
        billing,
    } = args;
    let fields = EntryFields {
        description: description.join(" "),
        project_id: None,
        tags,
        // The end may be a clock time on the start's day or a length after it (`+1h30`).
        start: from,
        stop: Some(to),
        billable: billing.choice(),
    };
    let entry = store
        .add_entry_named(&fields, project.as_deref(), &Local, now)
        .await?;
    print_entry(json_out, "Added", &entry, now);
    Ok(())
}

/// Options not given keep their value (the merge is the core's `edit_entry`).
pub async fn edit(
    store: &Store,
    args: EditArgs,
    json_out: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let edit = EntryEdit {
        description: args.description,
        project: if args.no_project {
            Some(None)
        } else {
            args.project.map(Some)
        },
        tags: if args.no_tags {
            Some(Vec::new())
        } else {
            Some(args.tags).filter(|tags| !tags.is_empty())
        },
        start: args.from,
        stop: args.to,
        billable: args.billing.choice(),
    };
    let entry = store.edit_entry(args.id, &edit, &Local, now).await?;
    print_entry(json_out, "Saved", &entry, now);
    Ok(())
}

pub async fn delete(
    store: &Store,
    id: i64,
    json_out: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let entry = store.delete_entry(id, now).await?;
    print_entry(json_out, "Deleted", &entry, now);
    if !json_out {
        println!("(`stint undo` brings it back)");
    }
    Ok(())
}

pub async fn undo(store: &Store, json_out: bool, now: DateTime<Utc>) -> Result<(), Failure> {
    let entry = store.restore_last_deleted(now).await?;
    print_entry(json_out, "Restored", &entry, now);
    Ok(())
}
