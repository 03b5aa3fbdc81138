# np_discover_tests(<target> PREFIX <prefix> LABELS <label>...)
#
# Registers every GoogleTest test of <target> with ctest as "<prefix><Suite>.<Name>" and
# gives each the labels. gtest_discover_tests(PROPERTIES LABELS ...) cannot carry a list
# of labels (its semicolons are lost on the way), so a small ctest script, run after the
# discovered tests are defined, sets the labels on each of them instead.
function(np_discover_tests target)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "PREFIX" "LABELS")
    gtest_discover_tests(${target} TEST_PREFIX "${arg_PREFIX}" TEST_LIST ${target}_TESTS)
    set(script "${CMAKE_CURRENT_BINARY_DIR}/${target}_labels.cmake")
    file(WRITE "${script}"
        "foreach(test IN LISTS ${target}_TESTS)\n"
        "    set_tests_properties(\"\${test}\" PROPERTIES LABELS \"${arg_LABELS}\")\n"
        "endforeach()\n")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${script}")
endfunction()
