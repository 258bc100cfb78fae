//! `stint completions SHELL`: the shell completion script.

use clap::{Command, CommandFactory};

use crate::args::Cli;

pub fn print(shell: clap_complete::Shell) {
    clap_complete::generate(
        shell,
        &mut complete_command(),
        "stint",
        &mut std::io::stdout(),
    );
}

/// The whole command tree, with `stint help …` offering every subcommand's own subcommands.
/// clap copies the tree under `help` before it builds the deferred subcommands (see
/// `args::Command`), so that copy lacks `config get|set` and `idle keep|…`; it is made again
/// from the built tree.
fn complete_command() -> Command {
    let mut command = Cli::command();
    command.build();
    let built: Vec<Command> = command
        .get_subcommands()
        .filter(|sub| sub.get_name() != "help")
        .map(copy_for_help)
        .collect();
    command.mut_subcommands(|sub| {
        if sub.get_name() != "help" {
            return sub;
        }
        sub.mut_subcommands(|listed| {
            match built.iter().find(|b| b.get_name() == listed.get_name()) {
                Some(copy) if listed.get_subcommands().next().is_none() => {
                    let parent = listed.get_bin_name().unwrap_or_default().to_owned();
                    listed.subcommands(
                        copy.get_subcommands()
                            .map(|sub| with_bin_names(sub.clone(), &parent)),
                    )
                }
                _ => listed,
            }
        })
    })
}

/// A subcommand as `stint help` lists it: its name, description and subcommands, no arguments.
fn copy_for_help(command: &Command) -> Command {
    // clap takes a name as `&'static str` (its `string` feature would cost every command);
    // this process prints one script and ends, so the few names are leaked.
    let name: &'static str = Box::leak(command.get_name().into());
    let mut copy = Command::new(name)
        .hide(command.is_hide_set())
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .subcommands(
            command
                .get_subcommands()
                .filter(|sub| sub.get_name() != "help")
                .map(copy_for_help),
        );
    if let Some(about) = command.get_about() {
        copy = copy.about(about.clone());
    }
    copy
}

/// The name completion scripts call a command by (`stint help config get`), which clap sets
/// only while building, before these copies were added.
fn with_bin_names(command: Command, parent: &str) -> Command {
    let bin_name = format!("{parent} {}", command.get_name());
    command
        .bin_name(bin_name.clone())
        .mut_subcommands(|sub| with_bin_names(sub, &bin_name))
}
