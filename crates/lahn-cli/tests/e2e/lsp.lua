-- End-to-end check of `lahn lsp` in a real Neovim (0.7 and later), run headless by
-- run-nvim.sh: open a Persian reply, wait for diagnostics, check their ranges, apply the
-- preferred quick fix and check the buffer.
local bin = os.getenv('LAHN_BIN')
local root = os.getenv('LAHN_E2E_ROOT')
local file = root .. '/reply.md'

local function fail(msg)
  io.stderr:write('e2e: FAIL: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'markdown'

  local config = { name = 'lahn', cmd = { bin, 'lsp' }, root_dir = root }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config)
  else
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, client_id)
  end
  if not client_id then return fail('the server did not start') end

  local function diags()
    return vim.diagnostic.get(buf)
  end
  local function code_of(d)
    local lsp = d.user_data and d.user_data.lsp
    return (lsp and lsp.code) or d.code
  end
  local function find(code)
    for _, d in ipairs(diags()) do
      if code_of(d) == code then return d end
    end
  end
  if not vim.wait(20000, function() return find('negativity-obligation') ~= nil end, 50) then
    return fail('no diagnostics arrived')
  end

  -- Neovim converts the server's columns to byte columns: the underlined bytes must be
  -- exactly the flagged words, after the emoji, RLM and ZWNJ earlier on the line.
  local function covered(d)
    local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, true)[1]
    return line:sub(d.col + 1, d.end_col)
  end
  local must = find('negativity-obligation')
  if covered(must) ~= 'باید صبر کنید' then
    return fail('obligation covers «' .. covered(must) .. '»')
  end
  local brand = find('brand-old-name')
  if not brand then return fail('no brand-old-name diagnostic') end
  if brand.lnum ~= 4 or covered(brand) ~= 'دیجی‌کالا پلاس' then
    return fail('brand covers «' .. covered(brand) .. '» on line ' .. brand.lnum)
  end
  local score = find('score')
  if not score or not score.message:find('امتیاز پاسخ') then
    return fail('no score diagnostic')
  end

  -- The preferred quick fix at the brand name.
  vim.api.nvim_win_set_cursor(0, { brand.lnum + 1, brand.col })
  local client = vim.lsp.get_client_by_id(client_id)
  local at = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local params = {
    textDocument = at.textDocument,
    range = { start = at.position, ['end'] = at.position },
  }
  local lsp_diag = brand.user_data and brand.user_data.lsp
  params.context = { diagnostics = lsp_diag and { lsp_diag } or {} }
  local res = client.request_sync('textDocument/codeAction', params, 10000, buf)
  if not res or res.err then return fail('codeAction failed: ' .. vim.inspect(res)) end
  local chosen
  for _, a in ipairs(res.result or {}) do
    if a.isPreferred then chosen = a end
  end
  if not chosen then return fail('no preferred action in ' .. vim.inspect(res.result)) end
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)

  local line = vim.api.nvim_buf_get_lines(buf, 4, 5, true)[1]
  local want = os.getenv('LAHN_E2E_WANT')
  if line ~= want then return fail('after the fix, line 5 is «' .. line .. '»') end

  -- The server re-lints the edited buffer: the brand finding goes away.
  if not vim.wait(20000, function() return find('brand-old-name') == nil end, 50) then
    return fail('the fixed finding was still reported')
  end
  print('e2e: ok: ' .. #diags() .. ' diagnostics, quick fix applied')
  client.stop()
  vim.cmd('qall!')
end)
if not ok then fail(tostring(err)) end
