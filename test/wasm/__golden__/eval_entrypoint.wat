(func $eval_entrypoint (param $id i32) (param $input i32) (param $data i32) (result i32)
  block $bad
    block $e1
      block $e0
        local.get $id
        br_table $e0 $e1 $bad
      end
      local.get $input
      local.get $data
      call $entry_0
      return
    end
    local.get $input
    local.get $data
    call $entry_1
    return
  end
  i32.const 3692
  call $abort
  unreachable)
