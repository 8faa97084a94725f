#include "commands.hpp"

int main(int argc, char** argv) { return sw::cli::run(argc, argv); }
