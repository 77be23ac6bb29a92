// lvsbox: one binary, four tools. See app/dispatch.hpp.
#include "app/dispatch.hpp"

int main(int argc, char **argv)
{
	return lvs::app::dispatch(argc, argv);
}
