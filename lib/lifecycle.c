#include <string.h>

#include "lifecycle.h"

static const char *const action_names[SF_ACT_COUNT] = {
	"init", "submit", "edit", "screen", "agenda-new", "agenda-add",
	"agenda-drop", "agenda-propose", "agenda-approve", "minutes-record",
	"minutes-approve", "minutes-issue", "progress", "supervise",
	"escalate", "close", "withdraw", "sync", "admin",
};

const char *
sf_action_name(int action)
{
	return action >= 0 && action < SF_ACT_COUNT ? action_names[action] :
	    NULL;
}

int
sf_action_lookup(const char *name)
{
	int i;

	for (i = 0; name && i < SF_ACT_COUNT; i++)
		if (strcmp(name, action_names[i]) == 0)
			return i;
	return -1;
}
