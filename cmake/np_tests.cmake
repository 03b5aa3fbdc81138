# np_gtest_main: the main of every unit-test program (tests/unit/gtest_main.cpp), GoogleTest's
# own main plus the report the grader reads. An object library, so its main is always
# linked in: a main in a static library is taken only when nothing else defines one.
add_library(np_gtest_main OBJECT "${CMAKE_SOURCE_DIR}/tests/unit/gtest_main.cpp")
target_link_libraries(np_gtest_main PUBLIC GTest::gtest)

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
