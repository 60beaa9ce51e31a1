// lahn for VS Code: starts `lahn lsp` for plain-text and Markdown files.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function settings() {
  const c = vscode.workspace.getConfiguration('lahn');
  return {
    lang: c.get('lang'),
    disable: c.get('disable'),
    channel: c.get('channel') || undefined,
    maxFileSize: c.get('maxFileSize'),
    score: c.get('score'),
  };
}

async function activate(context) {
  const command = vscode.workspace.getConfiguration('lahn').get('path') || 'lahn';
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'lahn',
    'lahn',
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: 'file', language: 'plaintext' },
        { scheme: 'file', language: 'markdown' },
        { scheme: 'untitled', language: 'plaintext' },
        { scheme: 'untitled', language: 'markdown' },
      ],
      initializationOptions: settings(),
      synchronize: {
        configurationSection: 'lahn',
        fileEvents: vscode.workspace.createFileSystemWatcher('**/lahn.toml'),
      },
    },
  );
  // Context for the active reply, as a helpdesk integration would send it.
  context.subscriptions.push(
    vscode.commands.registerCommand('lahn.setContext', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const customer = await vscode.window.showInputBox({ prompt: "The customer's message" });
      const name = await vscode.window.showInputBox({ prompt: "The customer's name" });
      const channel = await vscode.window.showQuickPick(['', 'chat', 'email', 'sms', 'social'], {
        placeHolder: 'Channel',
      });
      await client.sendRequest('lahn/setContext', {
        uri: editor.document.uri.toString(),
        customer: customer || undefined,
        name: name || undefined,
        channel: channel || undefined,
      });
    }),
  );
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
