# np_add_lab(<lab> TOOL <np-tool> [LIBS <targets>...])
# np_add_lab(<lab> TOOLS <np-tool>... [LIBS <targets>...])
#
# Builds one lab for each implementation (impl) that has its directory:
#   labs      -> ${NP_LABS_DIR}/<lab>
#   solutions -> ${CMAKE_SOURCE_DIR}/solutions/<lab>   (when NP_WITH_SOLUTIONS)
# The given code of a lab lives once, in the course's skeleton labs/<lab>. A solution
# holds only the files a student writes; a submission holds those, or a whole copy of the
# lab. Either is built on top of the skeleton: every file of labs/<lab>, each replaced by
# the implementation's own file of the same name (see _np_lab_tree).
# Inside a lab directory, the mains are the tools: with TOOL, main.cpp is <np-tool>; with
# TOOLS, np-<name> comes from <name>_main.cpp (np-rawsend from rawsend_main.cpp). Every
# other *.cpp goes into the library <impl>-<lab>, which the unit tests in tests/unit/<lab>/
# (and the instructor's hidden ones in tests/unit/<lab>/hidden/) link against, so the pure
# functions are tested without running a tool. Outputs, in the
# build dir B:
#   B/<impl>/bin/<np-tool>       each tool
#   B/<impl>/tests/<lab>-unit    the unit tests, in ctest as "<impl>.<Suite>.<Name>"
#                                with labels unit;<lab>;impl:<impl>
#
# LIBS names libraries to link (uring, pcap, ...). `lab:<other>` links the same impl's
# library of an earlier lab, so a lab builds on the student's own work of that lab
# (inetd daemonizes with what the daemons lab wrote: labs-daemons or solutions-daemons);
# a submission without that lab builds on the course's skeleton of it.

function(np_add_lab lab)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "TOOL" "TOOLS;LIBS")
    set(mains "")
    if(arg_TOOL)
        list(APPEND mains "${arg_TOOL}=main.cpp")
    endif()
    foreach(tool IN LISTS arg_TOOLS)
        string(REGEX REPLACE "^np-" "" name "${tool}")
        string(REPLACE "-" "_" name "${name}")
        list(APPEND mains "${tool}=${name}_main.cpp")
    endforeach()
    if(NOT mains)
        message(FATAL_ERROR "np_add_lab(${lab}): TOOL <name> or TOOLS <names...> is required")
    endif()
    _np_add_lab_impl(${lab} labs "${NP_LABS_DIR}/${lab}" "${mains}" "${arg_LIBS}")
    if(NP_WITH_SOLUTIONS)
        _np_add_lab_impl(${lab} solutions "${CMAKE_SOURCE_DIR}/solutions/${lab}" "${mains}"
                         "${arg_LIBS}")
    endif()
endfunction()

# A submission of one lab that builds on another it does not include (inetd without
# daemons): link the course's skeleton of that other lab, so that the submitted lab builds
# and is graded (what the skeleton leaves undone, e.g. becoming a daemon, is not graded
# there). Only for the labs impl; the solutions always have every lab.
function(_np_fallback_library lab impl other)
    set(dir "${CMAKE_SOURCE_DIR}/labs/${other}")
    if(NOT impl STREQUAL "labs" OR NOT IS_DIRECTORY "${dir}")
        return()
    endif()
    message(STATUS "${lab}: lab ${other} is not in ${NP_LABS_DIR}; "
                   "building on the course's skeleton of it (labs/${other})")
    file(GLOB sources CONFIGURE_DEPENDS "${dir}/*.cpp")
    list(FILTER sources EXCLUDE REGEX "/([A-Za-z0-9]+_)?main\\.cpp$")
    add_library(${impl}-${other} STATIC ${sources})
    target_include_directories(${impl}-${other} PUBLIC "${dir}")
    target_link_libraries(${impl}-${other} PUBLIC np::np)
endfunction()

# The directory to build lab's impl from, in result: dir itself when it is the course's
# skeleton (labs/<lab>) or there is no skeleton; otherwise a tree of symbolic links in the
# build directory, B/tree/<impl>/<lab>/, holding every file of the skeleton and of dir,
# dir's winning. Links rather than include paths: a given .cpp's #include "ping.hpp" looks
# first beside the .cpp, and must find the implementation's header, not the skeleton's.
# The globs re-run cmake when a file appears in or leaves either directory.
function(_np_lab_tree lab impl dir result)
    set(given "${CMAKE_SOURCE_DIR}/labs/${lab}")
    file(REAL_PATH "${dir}" dir_real)
    if(NOT IS_DIRECTORY "${given}")
        set(${result} "${dir}" PARENT_SCOPE)
        return()
    endif()
    file(REAL_PATH "${given}" given_real)
    if(dir_real STREQUAL given_real)
        set(${result} "${dir}" PARENT_SCOPE)
        return()
    endif()
    set(tree "${CMAKE_BINARY_DIR}/tree/${impl}/${lab}")
    file(REMOVE_RECURSE "${tree}")
    file(MAKE_DIRECTORY "${tree}")
    file(GLOB given_files CONFIGURE_DEPENDS LIST_DIRECTORIES false RELATIVE "${given}" "${given}/*")
    file(GLOB own_files CONFIGURE_DEPENDS LIST_DIRECTORIES false RELATIVE "${dir}" "${dir}/*")
    foreach(name IN LISTS given_files own_files)
        if(name IN_LIST own_files)
            set(source "${dir}/${name}")
        else()
            set(source "${given}/${name}")
        endif()
        if(NOT name STREQUAL "README.md" AND NOT EXISTS "${tree}/${name}")
            file(CREATE_LINK "${source}" "${tree}/${name}" SYMBOLIC)
        endif()
    endforeach()
    set(${result} "${tree}" PARENT_SCOPE)
endfunction()

# mains: a list of "<np-tool>=<main file>" pairs.
function(_np_add_lab_impl lab impl dir mains libs)
    if(NOT IS_DIRECTORY "${dir}")
        return()  # a lab not written yet, or not part of this submission
    endif()
    _np_lab_tree(${lab} ${impl} "${dir}" dir)

    set(resolved_libs "")
    foreach(lib IN LISTS libs)
        if(lib MATCHES "^lab:(.+)$")
            set(other "${CMAKE_MATCH_1}")
            set(lib "${impl}-${other}")
            if(NOT TARGET ${lib})
                _np_fallback_library(${lab} ${impl} ${other})
            endif()
            if(NOT TARGET ${lib})
                message(WARNING "${impl}/${lab} skipped: it builds on lab ${other}, "
                                "which is missing (declare it earlier in labs.cmake)")
                return()
            endif()
        endif()
        list(APPEND resolved_libs "${lib}")
    endforeach()
    set(libs "${resolved_libs}")

    # CONFIGURE_DEPENDS: a new .cpp in the lab is picked up without re-running cmake by hand.
    file(GLOB sources CONFIGURE_DEPENDS "${dir}/*.cpp")
    foreach(pair IN LISTS mains)
        string(REGEX REPLACE "^[^=]*=" "" main_file "${pair}")
        list(REMOVE_ITEM sources "${dir}/${main_file}")
    endforeach()

    set(library ${impl}-${lab})
    if(sources)
        add_library(${library} STATIC ${sources})
        target_include_directories(${library} PUBLIC "${dir}")
        target_link_libraries(${library} PUBLIC np::np ${libs})
    else()
        # Nothing but mains: an interface library still carries the include path.
        add_library(${library} INTERFACE)
        target_include_directories(${library} INTERFACE "${dir}")
        target_link_libraries(${library} INTERFACE np::np ${libs})
    endif()

    foreach(pair IN LISTS mains)
        string(REGEX REPLACE "=.*$" "" tool "${pair}")
        string(REGEX REPLACE "^[^=]*=" "" main_file "${pair}")
        if(NOT EXISTS "${dir}/${main_file}")
            continue()
        endif()
        set(tool_target ${impl}-${tool})
        add_executable(${tool_target} "${dir}/${main_file}")
        target_link_libraries(${tool_target} PRIVATE ${library})
        set_target_properties(${tool_target} PROPERTIES
            OUTPUT_NAME ${tool}
            RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/${impl}/bin")
        if(impl STREQUAL "solutions")
            install(TARGETS ${tool_target} RUNTIME)  # the reference tools are installable
        endif()
    endforeach()

    # hidden/: the instructor's hidden unit tests (harness/rubric.py), in the same program;
    # the student release has no such directory.
    file(GLOB tests CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/unit/${lab}/*.cpp"
                                      "${CMAKE_SOURCE_DIR}/tests/unit/${lab}/hidden/*.cpp")
    if(tests)
        set(test_target ${impl}-${lab}-unit)
        add_executable(${test_target} ${tests})
        target_link_libraries(${test_target} PRIVATE ${library} np_gtest_main)
        set_target_properties(${test_target} PROPERTIES
            OUTPUT_NAME ${lab}-unit
            RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/${impl}/tests")
        np_discover_tests(${test_target} PREFIX "${impl}." LABELS unit ${lab} impl:${impl})
    endif()
endfunction()
