(func $opa_malloc (param $size i32) (result i32)
  (local $p i64)
  (local $end i64)
  (local $pages i32)
  global.get $heap_ptr
  i64.extend_i32_u
  i64.const 7
  i64.add
  i64.const -8
  i64.and
  local.set $p
  local.get $p
  local.get $size
  i64.extend_i32_u
  i64.add
  local.set $end
  local.get $end
  i64.const 4294967295
  i64.gt_u
  if
    i32.const 64
    call $abort
  end
  local.get $end
  i64.const 65535
  i64.add
  i64.const 16
  i64.shr_u
  i32.wrap_i64
  local.set $pages
  local.get $pages
  memory.size
  i32.gt_u
  if
    local.get $pages
    memory.size
    i32.sub
    memory.grow
    i32.const -1
    i32.eq
    if
      i32.const 64
      call $abort
    end
  end
  local.get $end
  i32.wrap_i64
  global.set $heap_ptr
  local.get $p
  i32.wrap_i64)
