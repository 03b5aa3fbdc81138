# np_add_lab(<lab> TOOL <np-tool> [LIBS <targets>...])
#
# Builds one lab for each implementation (impl) that has its directory:
#   labs      -> ${NP_LABS_DIR}/<lab>
#   solutions -> ${CMAKE_SOURCE_DIR}/solutions/<lab>   (when NP_WITH_SOLUTIONS)
# Inside a lab directory, main.cpp is the tool and every other *.cpp goes into the
# library <impl>-<lab>, which the unit tests in tests/unit/<lab>/ link against, so the
# pure functions are tested without running the tool. Outputs, in the build dir B:
#   B/<impl>/bin/<np-tool>       the tool
#   B/<impl>/tests/<lab>-unit    the unit tests, in ctest as "<impl>.<Suite>.<Name>"
#                                with labels unit;<lab>;impl:<impl>

function(np_add_lab lab)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "TOOL" "LIBS")
    if(NOT arg_TOOL)
        message(FATAL_ERROR "np_add_lab(${lab}): TOOL <name> is required")
    endif()
    _np_add_lab_impl(${lab} labs "${NP_LABS_DIR}/${lab}" ${arg_TOOL} "${arg_LIBS}")
    if(NP_WITH_SOLUTIONS)
        _np_add_lab_impl(${lab} solutions "${CMAKE_SOURCE_DIR}/solutions/${lab}" ${arg_TOOL}
                         "${arg_LIBS}")
    endif()
endfunction()

function(_np_add_lab_impl lab impl dir tool libs)
    if(NOT IS_DIRECTORY "${dir}")
        return()  # a lab not written yet, or not part of this submission
    endif()

    # CONFIGURE_DEPENDS: a new .cpp in the lab is picked up without re-running cmake by hand.
    file(GLOB sources CONFIGURE_DEPENDS "${dir}/*.cpp")
    set(main "${dir}/main.cpp")
    list(REMOVE_ITEM sources "${main}")

    set(library ${impl}-${lab})
    if(sources)
        add_library(${library} STATIC ${sources})
        target_include_directories(${library} PUBLIC "${dir}")
        target_link_libraries(${library} PUBLIC np::np ${libs})
    else()
        # Nothing but main.cpp: an interface library still carries the include path.
        add_library(${library} INTERFACE)
        target_include_directories(${library} INTERFACE "${dir}")
        target_link_libraries(${library} INTERFACE np::np ${libs})
    endif()

    if(EXISTS "${main}")
        set(tool_target ${impl}-${tool})
        add_executable(${tool_target} "${main}")
        target_link_libraries(${tool_target} PRIVATE ${library})
        set_target_properties(${tool_target} PROPERTIES
            OUTPUT_NAME ${tool}
            RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/${impl}/bin")
        if(impl STREQUAL "solutions")
            install(TARGETS ${tool_target} RUNTIME)  # the reference tools are installable
        endif()
    endif()

    file(GLOB tests CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/unit/${lab}/*.cpp")
    if(tests)
        set(test_target ${impl}-${lab}-unit)
        add_executable(${test_target} ${tests})
        target_link_libraries(${test_target} PRIVATE ${library} GTest::gtest_main)
        set_target_properties(${test_target} PROPERTIES
            OUTPUT_NAME ${lab}-unit
            RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/${impl}/tests")
        np_discover_tests(${test_target} PREFIX "${impl}." LABELS unit ${lab} impl:${impl})
    endif()
endfunction()
