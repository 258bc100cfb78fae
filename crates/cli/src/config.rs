//! `stint config`: the preferences the app's Settings show, read and changed by name. The keys,
//! their types, defaults and checks are stint-core's (`settings`), so both read them alike.

use serde_json::{Map, Value};
use stint_core::settings::{ConfigValue, CONFIG_KEYS};
use stint_core::Store;

use crate::args::ConfigAction;
use crate::failure::Failure;
use crate::output::print_json;

pub async fn run(
    store: &Store,
    action: Option<ConfigAction>,
    json_out: bool,
) -> Result<(), Failure> {
    match action {
        None => {
            let values = store.config().await?;
            if json_out {
                print_json(&as_object(&values));
            } else {
                print_table(&values);
            }
        }
        Some(ConfigAction::Get { name }) => {
            let values = store.config_get(&name).await?;
            print_values(&name, &values, json_out);
        }
        Some(ConfigAction::Set { name, value }) => {
            let values = store.config_set(&name, Some(&value.join(" "))).await?;
            print_changed(&name, &values, json_out);
        }
        Some(ConfigAction::Unset { name }) => {
            let values = store.config_set(&name, None).await?;
            print_changed(&name, &values, json_out);
        }
    }
    Ok(())
}

/// A value as a person types it: text without quotes, nothing as `none`.
fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => "none".to_string(),
        other => other.to_string(),
    }
}

fn as_object(values: &[ConfigValue]) -> Value {
    Value::Object(
        values
            .iter()
            .map(|v| (v.name.clone(), v.value.clone()))
            .collect::<Map<_, _>>(),
    )
}

fn print_table(values: &[ConfigValue]) {
    let width = values.iter().map(|v| v.name.len()).max().unwrap_or(0);
    let value_width = values
        .iter()
        .map(|v| plain(&v.value).chars().count())
        .max()
        .unwrap_or(0);
    for v in values {
        let value = plain(&v.value);
        if v.default {
            println!("{:width$}  {value:value_width$}  (default)", v.name);
        } else {
            println!("{:width$}  {value}", v.name);
        }
    }
    println!();
    println!("Change one with `stint config set NAME VALUE`; `stint config unset NAME` puts back the default.");
    for key in CONFIG_KEYS {
        println!("  {:width$}  {}", key.name(), key.about);
    }
}

/// One value alone (for scripts: `stint config get clock` prints `24h`), or a group's parts.
fn print_values(name: &str, values: &[ConfigValue], json_out: bool) {
    match values {
        [one] if one.name == name => {
            if json_out {
                print_json(&one.value);
            } else {
                println!("{}", plain(&one.value));
            }
        }
        _ if json_out => print_json(&as_object(values)),
        _ => print_table_rows(values),
    }
}

fn print_table_rows(values: &[ConfigValue]) {
    let width = values.iter().map(|v| v.name.len()).max().unwrap_or(0);
    for v in values {
        println!("{:width$}  {}", v.name, plain(&v.value));
    }
}

fn print_changed(name: &str, values: &[ConfigValue], json_out: bool) {
    if json_out {
        return print_values(name, values, true);
    }
    match values {
        [one] => println!("{} is now {}.", one.name, plain(&one.value)),
        _ => {
            println!("{name} is now:");
            print_table_rows(values);
        }
    }
}
