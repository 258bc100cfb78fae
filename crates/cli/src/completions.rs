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
/// `args::Command`), so that copy lacks `config get|set` and `idle keep|…`; they are copied in
/// from the built tree.
fn complete_command() -> Command {
    let mut command = Cli::command();
    command.build();
    let built = command.clone();
    command.mut_subcommand("help", |help| {
        help.mut_subcommands(|listed| match built.find_subcommand(listed.get_name()) {
            Some(original) if original.get_name() != "help" => {
                let bin_name = listed.get_bin_name().unwrap_or_default().to_owned();
                listed.subcommands(help_copies(original, &bin_name))
            }
            _ => listed,
        })
    })
}

/// `command`'s subcommands as `stint help` lists them: name, description and their own
/// subcommands, no arguments. `bin_name` is what completion scripts call `command`'s copy
/// (`stint help config`); clap sets that only while building, and these copies come after.
fn help_copies(command: &Command, bin_name: &str) -> Vec<Command> {
    command
        .get_subcommands()
        .filter(|sub| sub.get_name() != "help")
        .map(|sub| {
            // clap takes a name as `&'static str` (its `string` feature would cost every
            // command); this process prints one script and ends, so the few names are leaked.
            let name: &'static str = Box::leak(sub.get_name().into());
            let sub_bin_name = format!("{bin_name} {name}");
            let mut copy = Command::new(name)
                .bin_name(sub_bin_name.clone())
                .hide(sub.is_hide_set())
                .disable_help_flag(true)
                .disable_version_flag(true)
                .disable_help_subcommand(true)
                .subcommands(help_copies(sub, &sub_bin_name));
            if let Some(about) = sub.get_about() {
                copy = copy.about(about.clone());
            }
            copy
        })
        .collect()
}
