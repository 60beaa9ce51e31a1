-- lahn for Neovim 0.7+: put this file in ~/.config/nvim/plugin/ (or `dofile` it from
-- init.lua). Quick fixes: `vim.lsp.buf.code_action()`; explanations: `vim.lsp.buf.hover()`.
local function root_dir(buf)
  local name = vim.api.nvim_buf_get_name(buf)
  local found = vim.fn.findfile('lahn.toml', vim.fn.fnamemodify(name, ':p:h') .. ';')
  if found ~= '' then return vim.fn.fnamemodify(found, ':p:h') end
  return vim.fn.getcwd()
end

local function start(buf)
  local config = {
    name = 'lahn',
    cmd = { 'lahn', 'lsp' },
    root_dir = root_dir(buf),
    init_options = { lang = 'fa' }, -- 'en' for English messages
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = buf })
  else
    local id = vim.lsp.start_client(config)
    if id then vim.lsp.buf_attach_client(buf, id) end
  end
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'markdown', 'text' },
  callback = function(args) start(args.buf) end,
})
